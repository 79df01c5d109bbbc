//===- ImportBench.cpp - Time and memory of importing a model ---*- C++ -*-===//
//
// This file is carbon-import-bench: it times the bare protobuf parse of a
// model and its full import (parse, shape resolution, MLIR, verification),
// and measures the peak resident memory each adds (each in a forked child), reporting medians over
// repeated runs and their ratios to the parse and to the file size.
//
//===----------------------------------------------------------------------===//

#include "carbon/Import/ONNXImporter.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include "onnx/onnx_pb.h"

#include <google/protobuf/io/zero_copy_stream_impl.h>

#include <algorithm>
#include <chrono>
#include <fcntl.h>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

static double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

namespace {
struct Sample {
  double seconds;
  double peakMiB; // peak RSS above the RSS before the step
};
} // namespace

/// Runs `step` in a forked child and returns its wall time and the peak RSS
/// it reached above an idle child's: the child starts as a copy of this
/// process, so the difference is what the step itself needed.
template <typename Fn> static Sample measure(Fn &&step) {
  auto runChild = [&](bool doStep, double &seconds) -> long {
    int pipeFds[2];
    if (::pipe(pipeFds) != 0)
      std::exit(1);
    pid_t pid = ::fork();
    if (pid == 0) {
      ::close(pipeFds[0]);
      auto t0 = std::chrono::steady_clock::now();
      bool ok = doStep ? step() : true;
      double s = std::chrono::duration<double>(
                     std::chrono::steady_clock::now() - t0)
                     .count();
      if (::write(pipeFds[1], &s, sizeof(s)) != sizeof(s))
        ::_exit(3);
      ::_exit(ok ? 0 : 1);
    }
    ::close(pipeFds[1]);
    if (::read(pipeFds[0], &seconds, sizeof(seconds)) != sizeof(seconds))
      seconds = -1;
    ::close(pipeFds[0]);
    int status = 0;
    struct rusage usage;
    ::wait4(pid, &status, 0, &usage);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      llvm::errs() << "error: step failed\n";
      std::exit(1);
    }
    return usage.ru_maxrss; // KiB on Linux
  };
  double idleSeconds, seconds;
  long idle = runChild(false, idleSeconds);
  long peak = runChild(true, seconds);
  return {seconds, (peak - idle) / 1024.0};
}

int main(int argc, char **argv) {
  if (argc < 2) {
    llvm::errs() << "usage: carbon-import-bench MODEL.onnx [REPEATS] [--dim NAME=N ...]\n";
    return 2;
  }
  std::string path = argv[1];
  int repeats = argc > 2 && argv[2][0] != '-' ? std::max(1, std::atoi(argv[2])) : 5;
  carbon::ONNXImportOptions options;
  options.warnUnknownShapes = false;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--dim" && i + 1 < argc &&
        !carbon::parseDimBinding(argv[++i], options)) {
      llvm::errs() << "error: --dim expects NAME=N, got '" << argv[i] << "'\n";
      return 2;
    }
  }
  uint64_t fileSize = 0;
  if (llvm::sys::fs::file_size(path, fileSize)) {
    llvm::errs() << "error: cannot stat '" << path << "'\n";
    return 1;
  }

  std::vector<double> parseTimes, parsePeaks, importTimes, importPeaks;
  for (int r = 0; r < repeats; ++r) {
    Sample parse = measure([&] {
      onnx::ModelProto model;
      int fd = ::open(path.c_str(), O_RDONLY);
      if (fd < 0)
        return false;
      google::protobuf::io::FileInputStream stream(fd);
      bool ok = model.ParseFromZeroCopyStream(&stream);
      ::close(fd);
      return ok;
    });
    Sample import = measure([&] {
      mlir::DialectRegistry registry;
      carbon::registerONNXImportDialects(registry);
      mlir::MLIRContext context(registry, mlir::MLIRContext::Threading::DISABLED);
      return static_cast<bool>(carbon::importONNXModel(path, &context, options));
    });
    parseTimes.push_back(parse.seconds);
    parsePeaks.push_back(parse.peakMiB);
    importTimes.push_back(import.seconds);
    importPeaks.push_back(import.peakMiB);
  }
  double fileMiB = fileSize / (1024.0 * 1024.0);
  double pt = median(parseTimes), it = median(importTimes);
  double pm = median(parsePeaks), im = median(importPeaks);
  llvm::outs() << llvm::format("model: %s (%.1f MiB), %d runs, medians\n",
                               path.c_str(), fileMiB, repeats);
  llvm::outs() << llvm::format("parse:  %8.3f s  peak +%7.1f MiB (%.2fx file)\n",
                               pt, pm, pm / fileMiB);
  llvm::outs() << llvm::format("import: %8.3f s  peak +%7.1f MiB (%.2fx file)\n",
                               it, im, im / fileMiB);
  llvm::outs() << llvm::format("import / parse: %.2fx time\n", it / pt);
  return 0;
}
