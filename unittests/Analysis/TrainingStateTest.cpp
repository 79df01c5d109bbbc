//===- TrainingStateTest.cpp - Training state sharded by ZeRO stage -------===//
//
// Tests the bytes a device holds at each ZeRO stage against the worked
// example of Rajbhandari et al. 2020 (ZeRO), Figure 1.
//
//===----------------------------------------------------------------------===//

#include "carbon/Analysis/Training.h"

#include <gtest/gtest.h>

using namespace carbon;

namespace {

// Figure 1: a 7.5B-parameter model in mixed precision with Adam (2 bytes of
// fp16 weights and of gradients, K = 12 bytes of optimizer states a
// parameter) over 64 data-parallel devices: 120 GB a device replicated,
// 31.4 GB with the optimizer states sharded, 16.6 GB with the gradients
// too and 1.9 GB with everything.
TEST(TrainingStateTest, ZeROFigure1) {
  const double psi = 7.5e9;
  TrainingState state;
  state.weightBytes = 2 * psi;
  state.gradientBytes = 2 * psi;
  state.optimizerBytes = 12 * psi;
  EXPECT_DOUBLE_EQ(state.totalBytes(), 120e9);
  const double expected[] = {120e9, 4 * psi + 12 * psi / 64,
                             2 * psi + 14 * psi / 64, 16 * psi / 64};
  const double published[] = {120e9, 31.4e9, 16.6e9, 1.9e9};
  for (int stage = 0; stage <= 3; ++stage) {
    state.zeroStage = stage;
    EXPECT_DOUBLE_EQ(state.bytesPerDevice(1, 64), expected[stage]) << stage;
    // The figure rounds to three digits.
    EXPECT_NEAR(state.bytesPerDevice(1, 64), published[stage], 0.05e9) << stage;
  }
}

// A model-parallel group splits every part; one replica shards nothing.
TEST(TrainingStateTest, GroupAndSingleReplica) {
  TrainingState state;
  state.weightBytes = 400;
  state.gradientBytes = 400;
  state.optimizerBytes = 2400;
  state.zeroStage = 3;
  EXPECT_DOUBLE_EQ(state.bytesPerDevice(8, 1), 400);
  EXPECT_DOUBLE_EQ(state.bytesPerDevice(8, 4), 100);
  state.zeroStage = 1;
  EXPECT_DOUBLE_EQ(state.bytesPerDevice(4, 2), (400 + 400 + 1200) / 4.0);
}

} // namespace
