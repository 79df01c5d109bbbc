//===- UnitsTest.cpp - Quantities with units ------------------------------===//
//
// Tests the units of command-line quantities and the scaling of the
// human-readable reports.
//
//===----------------------------------------------------------------------===//

#include "carbon/Report/Units.h"

#include <gtest/gtest.h>

using namespace carbon;

namespace {

TEST(UnitsTest, Counts) {
  EXPECT_EQ(*parseCount("3e12"), 3e12);
  EXPECT_EQ(*parseCount("300B"), 300e9);
  EXPECT_EQ(*parseCount("1.2T"), 1.2e12);
  EXPECT_EQ(*parseCount("1.28M"), 1.28e6);
  EXPECT_EQ(*parseCount("4k"), 4e3);
  EXPECT_FALSE(parseCount("lots"));
  EXPECT_FALSE(parseCount("-5"));
  EXPECT_FALSE(parseCount("0"));
  EXPECT_FALSE(parseCount(""));
}

TEST(UnitsTest, QuantitiesInBaseUnits) {
  EXPECT_DOUBLE_EQ(*parseQuantity("500kWh", Dimension::Energy), 500 * 3.6e6);
  EXPECT_DOUBLE_EQ(*parseQuantity("2.5MWh", Dimension::Energy), 2.5 * 3.6e9);
  EXPECT_DOUBLE_EQ(*parseQuantity("3 J", Dimension::Energy), 3);
  EXPECT_DOUBLE_EQ(*parseQuantity("40mJ", Dimension::Energy), 0.04);
  EXPECT_DOUBLE_EQ(*parseQuantity("200kg", Dimension::Mass), 200);
  EXPECT_DOUBLE_EQ(*parseQuantity("1.5t", Dimension::Mass), 1500);
  EXPECT_DOUBLE_EQ(*parseQuantity("12g", Dimension::Mass), 0.012);
  EXPECT_DOUBLE_EQ(*parseQuantity("5ms", Dimension::Time), 0.005);
  EXPECT_DOUBLE_EQ(*parseQuantity("12h", Dimension::Time), 43200);
  EXPECT_DOUBLE_EQ(*parseQuantity("40%", Dimension::Ratio), 0.4);
  EXPECT_DOUBLE_EQ(*parseQuantity("1.2T", Dimension::Count), 1.2e12);
  // A unit of another dimension, a bare number, or nonsense: no quantity.
  EXPECT_FALSE(parseQuantity("5kg", Dimension::Energy));
  EXPECT_FALSE(parseQuantity("500", Dimension::Energy));
  EXPECT_FALSE(parseQuantity("kWh", Dimension::Energy));
  EXPECT_FALSE(parseQuantity("5 parsecs", Dimension::Time));
}

TEST(UnitsTest, Fractions) {
  EXPECT_DOUBLE_EQ(*parseFraction("5%"), 0.05);
  EXPECT_DOUBLE_EQ(*parseFraction("0.05"), 0.05);
  EXPECT_FALSE(parseFraction("five"));
  EXPECT_FALSE(parseFraction("-1%"));
}

TEST(UnitsTest, ScaledForReading) {
  EXPECT_EQ(formatQuantity(0.000412, Dimension::Energy), "412 uJ");
  EXPECT_EQ(formatQuantity(0.291, Dimension::Energy), "291 mJ");
  EXPECT_EQ(formatQuantity(1287e3 * 3.6e6, Dimension::Energy), "1.29 GWh");
  EXPECT_EQ(formatQuantity(552.1e3, Dimension::Mass), "552 t");
  EXPECT_EQ(formatQuantity(3.84e-5, Dimension::Mass), "38.4 mg");
  EXPECT_EQ(formatQuantity(0.0036, Dimension::Time), "3.60 ms");
  EXPECT_EQ(formatQuantity(4.1 * 3600, Dimension::Time), "4.10 h");
  EXPECT_EQ(formatQuantity(1.81e9, Dimension::Count), "1.81 G");
  EXPECT_EQ(formatQuantity(9.23e22, Dimension::Count), "9.23e+22");
  EXPECT_EQ(formatQuantity(46.8e6, Dimension::Bytes), "46.8 MB");
  EXPECT_EQ(formatQuantity(1850, Dimension::Rate), "1.85 K/s");
  EXPECT_EQ(formatQuantity(0.412, Dimension::Ratio), "41.2%");
  EXPECT_EQ(formatQuantity(0, Dimension::Energy), "0");
}

TEST(UnitsTest, Changes) {
  EXPECT_EQ(formatChange(-0.41), "-41%");
  EXPECT_EQ(formatChange(0.004), "+0.4%");
  EXPECT_EQ(formatChange(1.5), "+150%");
  // A near-total cut is not rounded to -100%.
  EXPECT_EQ(formatChange(-0.9968), "-99.7%");
}

TEST(UnitsTest, CountsOf) {
  EXPECT_EQ(formatCountOf(1, "device"), "1 device");
  EXPECT_EQ(formatCountOf(8, "device"), "8 devices");
  EXPECT_EQ(formatCountOf(0, "pipeline stage"), "0 pipeline stages");
}

} // namespace
