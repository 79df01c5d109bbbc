//===- ONNXImporter.h - Import ONNX models into MLIR ------------*- C++ -*-===//
//
// This file declares the entry point of the ONNX importer. It includes no
// ONNX header: the importer library is the only one built with exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_IMPORT_ONNXIMPORTER_H
#define CARBON_IMPORT_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace carbon {

/// What the importer is told beyond the model file.
struct ONNXImportOptions {
  /// Values of named dynamic dimensions (ONNX `dim_param`), as given by
  /// `--dim NAME=N`.
  llvm::StringMap<int64_t> dimBindings;
  /// Value of dynamic dimensions that carry no name, as given by
  /// `--default-dim N`; unset leaves them dynamic.
  std::optional<int64_t> defaultDim;
  /// Warn about every graph tensor whose shape is still not fully known
  /// after import, naming the tensor and the node that makes it. Off, the
  /// importer warns only where shape knowledge is lost: at each input dim
  /// nothing binds, and at each node whose operands are static but whose
  /// results are not.
  bool warnUnknownShapes = false;
  /// Make an input dim that nothing binds an error instead of a warning:
  /// costs need static shapes, and everything downstream of it has none.
  bool requireStaticInputs = false;
  /// The name of the batch dim (--batch-dim), bound in `dimBindings`. With
  /// `inferBatchDim`, a model none of whose inputs has a dim of that name,
  /// but all of whose caller-sized inputs lead with one other named dim
  /// (tf2onnx's unk__N, paddle2onnx's p2o.DynamicDimension.0, torch.export's
  /// s0), has that dim bound to the batch instead; the module records its
  /// name in `onnx.batch_dim`.
  std::string batchDim;
  bool inferBatchDim = false;
};

/// Parses a `NAME=N` binding of a dynamic dimension (N >= 0) into
/// `options`; false when `spec` is malformed.
bool parseDimBinding(llvm::StringRef spec, ONNXImportOptions &options);

/// Imports the ONNX model at `path`, in the binary protobuf format or in
/// ONNX's text syntax (told apart by content), into a module with one
/// `func.func` per graph. Errors are reported through the context's
/// diagnostic engine, located at the file and the node; returns null on
/// error. The returned module has been verified.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXModel(llvm::StringRef path, mlir::MLIRContext *context,
                const ONNXImportOptions &options = {});

/// Registers the dialects an imported module uses.
void registerONNXImportDialects(mlir::DialectRegistry &registry);

} // namespace carbon

#endif // CARBON_IMPORT_ONNXIMPORTER_H
