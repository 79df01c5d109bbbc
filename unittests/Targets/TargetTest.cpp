//===- TargetTest.cpp - Tests of target files and efficiency curves -------===//
//
// Hand-computed values: the interpolation is linear in log(MACs).
//
//===----------------------------------------------------------------------===//

#include "carbon/Targets/Target.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace carbon;

namespace {

Target curve() {
  Target t;
  t.matrixEfficiencyByMacs = {{1e9, 0.2}, {1e10, 0.6}, {1e12, 0.8}};
  return t;
}

TEST(MatrixEfficiency, InterpolatesInLogMacs) {
  // Halfway between 1e9 and 1e10 in log space is 10^9.5: 0.4.
  EXPECT_NEAR(*matrixEfficiencyFor(curve(), std::pow(10.0, 9.5)), 0.4, 1e-12);
  // 1e11 is halfway between 1e10 and 1e12: 0.7.
  EXPECT_NEAR(*matrixEfficiencyFor(curve(), 1e11), 0.7, 1e-12);
  EXPECT_DOUBLE_EQ(*matrixEfficiencyFor(curve(), 1e10), 0.6);
}

TEST(MatrixEfficiency, ClampsOutsideTheMeasurements) {
  EXPECT_DOUBLE_EQ(*matrixEfficiencyFor(curve(), 1e6), 0.2);
  EXPECT_DOUBLE_EQ(*matrixEfficiencyFor(curve(), 1e15), 0.8);
}

TEST(MatrixEfficiency, FlatFactorWithoutCurve) {
  Target t;
  EXPECT_FALSE(matrixEfficiencyFor(t, 1e9).has_value());
  t.matrixEfficiency = 0.5;
  EXPECT_DOUBLE_EQ(*matrixEfficiencyFor(t, 1e9), 0.5);
}

TEST(TargetFiles, RejectsDecreasingCurve) {
  TargetDatabase db;
  std::string error;
  EXPECT_FALSE(db.addYAML("- name: x\n  efficiency:\n    matrix_by_macs: "
                          "[{macs: 1e10, efficiency: 0.5}, {macs: 1e9, "
                          "efficiency: 0.6}]\n",
                          "t.yaml", error));
  EXPECT_NE(error.find("increasing MACs"), std::string::npos);
}

TEST(TargetFiles, ConvertsDatasheetUnits) {
  TargetDatabase db;
  std::string error;
  ASSERT_TRUE(db.addYAML("- name: x\n  aliases: [y]\n  peak_tflops:\n    bf16: "
                         "{matrix: 312}\n  memory_gb: 80\n  "
                         "memory_bandwidth_gbs: 2039\n  launch_overhead_us: 3\n",
                         "t.yaml", error))
      << error;
  const Target *t = db.lookup("Y");
  ASSERT_NE(t, nullptr);
  EXPECT_DOUBLE_EQ(*t->peaks.at(Precision::BF16).matrix, 312e12);
  EXPECT_DOUBLE_EQ(*t->memoryCapacity, 80e9);
  EXPECT_DOUBLE_EQ(*t->memoryBandwidth, 2039e9);
  EXPECT_DOUBLE_EQ(*t->launchOverheadSeconds, 3e-6);
}

TEST(TargetFiles, BuiltinDatabaseLoads) {
  const TargetDatabase &db = TargetDatabase::builtin();
  EXPECT_GE(db.all().size(), 20u);
  EXPECT_EQ(db.lookup("a100")->name, "nvidia-a100-sxm4-80gb");
  EXPECT_EQ(db.lookup("tpu-v4")->name, "google-tpu-v4");
}

} // namespace
