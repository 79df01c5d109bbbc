//===- EnergyTest.cpp - The device energy model and its scopes ------------===//
//
// Tests the energy coefficients derived from a target's figures, the TDP
// cap, the facility scope, emissions and embodied carbon against values
// computed by hand, and the published arithmetic of Strubell et al. 2019.
//
//===----------------------------------------------------------------------===//

#include "carbon/Analysis/Energy.h"

#include <gtest/gtest.h>

using namespace carbon;

namespace {

Target toyTarget() {
  Target t;
  t.name = "toy";
  t.peaks[Precision::BF16] = {std::nullopt, 400e12};
  t.peaks[Precision::FP32] = {20e12, std::nullopt};
  t.tdpWatts = 400;
  t.idleWatts = 60;
  t.memoryJoulesPerByte = 100e-12;
  t.matrixEfficiencyByMacs = {{1e9, 0.5}, {1e11, 0.85}, {1e12, 0.8}};
  t.vectorEfficiency = 0.9;
  t.embodiedKgCO2e = 460;
  t.serviceLifeYears = 4;
  return t;
}

TEST(EnergyTest, CoefficientsFromTheTarget) {
  Target t = toyTarget();
  std::string gap;
  std::optional<DeviceEnergyModel> model = deviceEnergyModel(t, gap);
  ASSERT_TRUE(model);
  EXPECT_EQ(model->staticWatts, 60);
  // (400 - 60) W at the best matrix point, 0.85 x 400e12 FLOP/s:
  // 340 / 3.4e14 = 1e-12 J per FLOP.
  EXPECT_DOUBLE_EQ(*joulesPerFlop(t, *model, Precision::BF16, true), 1e-12);
  // Vector fp32: 340 / (20e12 x 0.9) = 1.8889e-11 J.
  EXPECT_NEAR(*joulesPerFlop(t, *model, Precision::FP32, false), 1.88889e-11,
              1e-16);
  // No fp16 peak: no price.
  EXPECT_FALSE(joulesPerFlop(t, *model, Precision::FP16, true));
}

TEST(EnergyTest, MissingFiguresNameTheGap) {
  Target t = toyTarget();
  t.idleWatts.reset();
  std::string gap;
  EXPECT_FALSE(deviceEnergyModel(t, gap));
  EXPECT_EQ(gap, "toy has no published idle power");
  t = toyTarget();
  t.memoryJoulesPerByte.reset();
  EXPECT_FALSE(deviceEnergyModel(t, gap));
  EXPECT_EQ(gap, "toy has no published DRAM energy per bit");
}

TEST(EnergyTest, KernelEnergyIsCappedAtTDP) {
  DeviceEnergyModel model{60, 400, 100e-12};
  // 1 ms moving 1e9 bytes and 1e9 FLOPs at 1e-12: 0.06 + 0.001 + 0.1 J.
  EXPECT_DOUBLE_EQ(kernelJoules(model, 1e-3, 1e9, 1e-12, 1e9), 0.161);
  // 1e12 FLOPs in 1 ms would be 1.16 J, above 400 W x 1 ms.
  EXPECT_DOUBLE_EQ(kernelJoules(model, 1e-3, 1e12, 1e-12, 1e9), 0.4);
}

TEST(EnergyTest, FacilityScope) {
  EnergyScope scope;
  scope.nodeOverheadWatts = 130;
  scope.pue = 1.1;
  // (1000 J + 130 W x 10 s) x 1.1 = 2530 J.
  EXPECT_DOUBLE_EQ(scope.facilityJoules(1000, 10), 2530);
  scope.nodeOverheadWatts.reset();
  EXPECT_DOUBLE_EQ(scope.facilityJoules(1000, 10), 1100);
}

TEST(EnergyTest, EmissionsAndEmbodiedShare) {
  // 3.6e9 J = 1 MWh at 429 g/kWh = 429 kg.
  EXPECT_DOUBLE_EQ(operationalKgCO2e(3.6e9, 429), 429);
  // 460 kg over 4 years of 8766 h: 1,000 device-hours use 13.119 kg.
  Target t = toyTarget();
  EXPECT_NEAR(*embodiedKgCO2e(t, 1000), 460.0 * 1000 / (4 * 8766), 1e-9);
  t.serviceLifeYears.reset();
  EXPECT_FALSE(embodiedKgCO2e(t, 1000));
}

TEST(EnergyTest, StrubellBERTArithmetic) {
  // Strubell et al. 2019, Table 3: BERT-base on 64 V100 for 79 h drew
  // 12,041.51 W in total; x PUE 1.58 they report 1,507 kWh and, at 0.954
  // lb CO2e per kWh, 1,438 lb. Device energy in, facility energy out.
  EnergyScope scope;
  scope.pue = 1.58;
  double joules = scope.facilityJoules(12041.51 * 79 * 3600, 79 * 3600);
  double kwh = joules / 3.6e6;
  EXPECT_NEAR(kwh / 1507 - 1, 0, 0.005); // 1,503.0 kWh: -0.27%
  double pounds = operationalKgCO2e(joules, 0.954 * 453.59237) / 0.45359237;
  EXPECT_NEAR(pounds / 1438 - 1, 0, 0.005); // 1,433.9 lb: -0.29%
}

} // namespace
