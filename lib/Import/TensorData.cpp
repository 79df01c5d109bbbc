//===- TensorData.cpp - Decode and encode ONNX tensor data ------*- C++ -*-===//
//
// This file reads the values of ONNX TensorProtos from whichever field holds
// them (raw_data or the typed repeated fields) and writes folded values back.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APInt.h"

#include <cstring>
#include <limits>

using namespace carbon::import;
using TP = onnx::TensorProto;

bool carbon::import::isIntegerDataType(int32_t t) {
  switch (t) {
  case TP::INT8:
  case TP::INT16:
  case TP::INT32:
  case TP::INT64:
  case TP::UINT8:
  case TP::UINT16:
  case TP::UINT32:
  case TP::UINT64:
  case TP::BOOL:
  case kUInt4:
  case kInt4:
    return true;
  default:
    return false;
  }
}

bool carbon::import::isFloatDataType(int32_t t) {
  switch (t) {
  case TP::FLOAT:
  case TP::DOUBLE:
  case TP::FLOAT16:
  case TP::BFLOAT16:
  case kFloat8E4M3FN:
  case kFloat8E4M3FNUZ:
  case kFloat8E5M2:
  case kFloat8E5M2FNUZ:
    return true;
  default:
    return false;
  }
}

unsigned carbon::import::dataTypeBitWidth(int32_t t) {
  switch (t) {
  case TP::BOOL:
  case TP::INT8:
  case TP::UINT8:
  case kFloat8E4M3FN:
  case kFloat8E4M3FNUZ:
  case kFloat8E5M2:
  case kFloat8E5M2FNUZ:
    return 8;
  case TP::INT16:
  case TP::UINT16:
  case TP::FLOAT16:
  case TP::BFLOAT16:
    return 16;
  case TP::INT32:
  case TP::UINT32:
  case TP::FLOAT:
    return 32;
  case TP::INT64:
  case TP::UINT64:
  case TP::DOUBLE:
  case TP::COMPLEX64:
    return 64;
  case TP::COMPLEX128:
    return 128;
  case kUInt4:
  case kInt4:
    return 4;
  default:
    return 0;
  }
}

std::string carbon::import::dataTypeName(int32_t t) {
  switch (t) {
  case kFloat8E4M3FN:
    return "FLOAT8E4M3FN";
  case kFloat8E4M3FNUZ:
    return "FLOAT8E4M3FNUZ";
  case kFloat8E5M2:
    return "FLOAT8E5M2";
  case kFloat8E5M2FNUZ:
    return "FLOAT8E5M2FNUZ";
  case kUInt4:
    return "UINT4";
  case kInt4:
    return "INT4";
  default:
    if (TP::DataType_IsValid(t))
      return TP::DataType_Name(static_cast<TP::DataType>(t));
    return "data type " + std::to_string(t);
  }
}

std::optional<int64_t>
carbon::import::countElements(const std::vector<int64_t> &dims) {
  int64_t n = 1;
  for (int64_t d : dims) {
    if (d < 0)
      return std::nullopt;
    if (d != 0 && n > std::numeric_limits<int64_t>::max() / d)
      return std::nullopt;
    n *= d;
  }
  return n;
}

std::optional<int64_t> carbon::import::countElements(const TP &tensor) {
  return countElements(
      std::vector<int64_t>(tensor.dims().begin(), tensor.dims().end()));
}

bool carbon::import::hasExternalData(const TP &tensor) {
  return tensor.data_location() == TP::EXTERNAL;
}

bool carbon::import::decodeTensorBits(const TP &tensor,
                                      std::vector<uint64_t> &bits,
                                      std::string &error) {
  int32_t t = tensor.data_type();
  unsigned width = dataTypeBitWidth(t);
  if (width == 0 || width > 64 || t == TP::COMPLEX64) {
    error = "values of type " + dataTypeName(t) + " are not decoded";
    return false;
  }
  if (hasExternalData(tensor)) {
    error = "its data is external";
    return false;
  }
  std::optional<int64_t> count = countElements(tensor);
  if (!count) {
    error = "its dims are negative or overflow";
    return false;
  }
  int64_t n = *count;
  bits.clear();

  auto sizeMismatch = [&](int64_t have) {
    error = "it holds " + std::to_string(have) + " values for " +
            std::to_string(n) + " elements";
    return false;
  };

  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    int64_t bytesNeeded = width == 4 ? (n + 1) / 2 : n * (width / 8);
    if (static_cast<int64_t>(raw.size()) != bytesNeeded)
      return sizeMismatch(static_cast<int64_t>(raw.size()) * 8 / width);
    bits.resize(n);
    const auto *bytes = reinterpret_cast<const uint8_t *>(raw.data());
    for (int64_t i = 0; i < n; ++i) {
      if (width == 4) {
        uint8_t byte = bytes[i / 2];
        bits[i] = (i % 2 == 0) ? (byte & 0xF) : (byte >> 4);
        continue;
      }
      uint64_t v = 0;
      // ONNX raw data is little-endian.
      for (unsigned b = 0; b < width / 8; ++b)
        v |= static_cast<uint64_t>(bytes[i * (width / 8) + b]) << (8 * b);
      bits[i] = v;
    }
    return true;
  }

  uint64_t mask = width == 64 ? ~0ULL : ((1ULL << width) - 1);
  switch (t) {
  case TP::FLOAT:
    if (tensor.float_data_size() != n)
      return sizeMismatch(tensor.float_data_size());
    for (float f : tensor.float_data()) {
      uint32_t u;
      std::memcpy(&u, &f, sizeof(u));
      bits.push_back(u);
    }
    return true;
  case TP::DOUBLE:
    if (tensor.double_data_size() != n)
      return sizeMismatch(tensor.double_data_size());
    for (double d : tensor.double_data()) {
      uint64_t u;
      std::memcpy(&u, &d, sizeof(u));
      bits.push_back(u);
    }
    return true;
  case TP::INT64:
    if (tensor.int64_data_size() != n)
      return sizeMismatch(tensor.int64_data_size());
    for (int64_t v : tensor.int64_data())
      bits.push_back(static_cast<uint64_t>(v));
    return true;
  case TP::UINT32:
  case TP::UINT64:
    if (tensor.uint64_data_size() != n)
      return sizeMismatch(tensor.uint64_data_size());
    for (uint64_t v : tensor.uint64_data())
      bits.push_back(v & mask);
    return true;
  default:
    // int8/16/32, uint8/16, bool, float16 and bfloat16 (as bit patterns),
    // float8 and 4-bit types all live in int32_data.
    if (tensor.int32_data_size() != n)
      return sizeMismatch(tensor.int32_data_size());
    for (int32_t v : tensor.int32_data())
      bits.push_back(static_cast<uint64_t>(static_cast<int64_t>(v)) & mask);
    return true;
  }
}

static const llvm::fltSemantics *floatSemantics(int32_t t) {
  switch (t) {
  case TP::FLOAT:
    return &llvm::APFloat::IEEEsingle();
  case TP::DOUBLE:
    return &llvm::APFloat::IEEEdouble();
  case TP::FLOAT16:
    return &llvm::APFloat::IEEEhalf();
  case TP::BFLOAT16:
    return &llvm::APFloat::BFloat();
  case kFloat8E4M3FN:
    return &llvm::APFloat::Float8E4M3FN();
  case kFloat8E4M3FNUZ:
    return &llvm::APFloat::Float8E4M3FNUZ();
  case kFloat8E5M2:
    return &llvm::APFloat::Float8E5M2();
  case kFloat8E5M2FNUZ:
    return &llvm::APFloat::Float8E5M2FNUZ();
  default:
    return nullptr;
  }
}

static bool isSignedIntegerDataType(int32_t t) {
  return t == TP::INT8 || t == TP::INT16 || t == TP::INT32 || t == TP::INT64 ||
         t == kInt4;
}

bool carbon::import::decodeTensorValue(const TP &tensor, TensorValue &value,
                                       std::string &error) {
  std::vector<uint64_t> bits;
  if (!decodeTensorBits(tensor, bits, error))
    return false;
  value.dataType = tensor.data_type();
  value.dims.assign(tensor.dims().begin(), tensor.dims().end());
  value.ints.clear();
  value.floats.clear();
  unsigned width = dataTypeBitWidth(value.dataType);
  if (const llvm::fltSemantics *sem = floatSemantics(value.dataType)) {
    value.floats.reserve(bits.size());
    for (uint64_t b : bits) {
      llvm::APFloat f(*sem, llvm::APInt(width, b));
      bool losesInfo;
      f.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
                &losesInfo);
      value.floats.push_back(f.convertToDouble());
    }
    return true;
  }
  if (!isIntegerDataType(value.dataType)) {
    error = "values of type " + dataTypeName(value.dataType) +
            " are not decoded";
    return false;
  }
  value.ints.reserve(bits.size());
  bool isSigned = isSignedIntegerDataType(value.dataType);
  for (uint64_t b : bits) {
    llvm::APInt v(width, b);
    value.ints.push_back(isSigned ? v.getSExtValue()
                                  : static_cast<int64_t>(v.getZExtValue()));
  }
  return true;
}

double TensorValue::getDouble(int64_t i) const {
  return isFloat() ? floats[i] : static_cast<double>(ints[i]);
}

int64_t TensorValue::getInt(int64_t i) const {
  return isFloat() ? static_cast<int64_t>(floats[i]) : ints[i];
}

void carbon::import::encodeTensorValue(const TensorValue &value, TP &tensor) {
  tensor.Clear();
  tensor.set_data_type(value.dataType);
  for (int64_t d : value.dims)
    tensor.add_dims(d);
  switch (value.dataType) {
  case TP::FLOAT:
    for (double d : value.floats)
      tensor.add_float_data(static_cast<float>(d));
    return;
  case TP::DOUBLE:
    for (double d : value.floats)
      tensor.add_double_data(d);
    return;
  case TP::INT64:
    for (int64_t v : value.ints)
      tensor.add_int64_data(v);
    return;
  case TP::UINT32:
  case TP::UINT64:
    for (int64_t v : value.ints)
      tensor.add_uint64_data(static_cast<uint64_t>(v));
    return;
  case TP::FLOAT16:
  case TP::BFLOAT16: {
    const llvm::fltSemantics *sem = floatSemantics(value.dataType);
    for (double d : value.floats) {
      llvm::APFloat f(d);
      bool losesInfo;
      f.convert(*sem, llvm::APFloat::rmNearestTiesToEven, &losesInfo);
      tensor.add_int32_data(
          static_cast<int32_t>(f.bitcastToAPInt().getZExtValue()));
    }
    return;
  }
  default:
    for (int64_t v : value.ints)
      tensor.add_int32_data(static_cast<int32_t>(v));
    return;
  }
}
