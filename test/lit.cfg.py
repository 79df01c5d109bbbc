# -*- Python -*-
# lit configuration of the carbon-opt test suite.

import os

import lit.formats
from lit.llvm import llvm_config

config.name = "CARBON"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtxt", ".test"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs", "Unit"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.carbon_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%shlibext", config.llvm_shlib_ext))
config.substitutions.append(
    ("%carbon_plugin", os.path.join(config.carbon_lib_dir, "CarbonPlugin" + config.llvm_shlib_ext)))
config.substitutions.append(("%onnx_testdata", config.onnx_testdata_dir))
config.substitutions.append(("%carbon_src", config.carbon_src_root))
config.substitutions.append(("%carbon_tools", config.carbon_tools_dir))
# Debian's python3, which python3-onnx and python3-numpy install into (a
# python3 earlier on PATH, e.g. pyenv's, may lack them).
config.substitutions.append(("%python", "/usr/bin/python3"))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.carbon_tools_dir, config.llvm_tools_dir]
tools = [
    "carbon-opt",
    "carbon-onnx-corpus-check",
    "carbon-onnx-odsgen",
    "mlir-opt",
    "split-file",
]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Headless Chromium renders the HTML report (scripts/bootstrap.sh installs
# Debian's chromium).
import shutil
if shutil.which("chromium"):
    config.available_features.add("chromium")

if os.path.isdir(config.onnx_testdata_dir):
    config.available_features.add("onnx-testdata")
