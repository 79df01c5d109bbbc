//===- TensorDataTest.cpp - Tests of TensorProto decoding -----------------===//
//
// Values are decoded from each field ONNX may store them in.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace carbon::import;
using TP = onnx::TensorProto;

namespace {

TEST(TensorData, RawLittleEndianInt64) {
  TP t;
  t.set_data_type(TP::INT64);
  t.add_dims(2);
  int64_t values[2] = {-1, 300};
  t.set_raw_data(std::string(reinterpret_cast<char *>(values), sizeof(values)));
  TensorValue v;
  std::string error;
  ASSERT_TRUE(decodeTensorValue(t, v, error)) << error;
  EXPECT_EQ(v.ints, (std::vector<int64_t>{-1, 300}));
}

TEST(TensorData, Float16BitsInInt32Data) {
  TP t;
  t.set_data_type(TP::FLOAT16);
  t.add_dims(2);
  t.add_int32_data(0x3C00); // 1.0
  t.add_int32_data(0xC000); // -2.0
  TensorValue v;
  std::string error;
  ASSERT_TRUE(decodeTensorValue(t, v, error)) << error;
  EXPECT_EQ(v.floats, (std::vector<double>{1.0, -2.0}));
}

TEST(TensorData, SizeMismatchIsAnError) {
  TP t;
  t.set_data_type(TP::FLOAT);
  t.add_dims(3);
  t.add_float_data(1.0f);
  std::vector<uint64_t> bits;
  std::string error;
  EXPECT_FALSE(decodeTensorBits(t, bits, error));
  EXPECT_NE(error.find("1 values for 3 elements"), std::string::npos);
}

TEST(TensorData, ExternalDataIsNotRead) {
  TP t;
  t.set_data_type(TP::FLOAT);
  t.add_dims(4);
  t.set_data_location(TP::EXTERNAL);
  std::vector<uint64_t> bits;
  std::string error;
  EXPECT_FALSE(decodeTensorBits(t, bits, error));
  EXPECT_EQ(error, "its data is external");
}

TEST(TensorData, CountElementsOverflow) {
  EXPECT_EQ(countElements({1 << 30, 1 << 30, 1 << 30}), std::nullopt);
  EXPECT_EQ(countElements({-1, 2}), std::nullopt);
  EXPECT_EQ(countElements({2, 3, 4}), 24);
}

TEST(TensorData, EncodeRoundTrip) {
  TensorValue v;
  v.dataType = TP::INT32;
  v.dims = {3};
  v.ints = {1, -2, 3};
  TP t;
  encodeTensorValue(v, t);
  TensorValue back;
  std::string error;
  ASSERT_TRUE(decodeTensorValue(t, back, error)) << error;
  EXPECT_EQ(back.ints, v.ints);
}

} // namespace
