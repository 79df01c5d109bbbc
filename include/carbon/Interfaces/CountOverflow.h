//===- CountOverflow.h - Detect int64 overflow in cost counts ---*- C++ -*-===//
//
// The cost formulas and the analysis count in int64_t. A large enough model
// (a tensor of 2^80 elements, a 7B model at a batch of 10^7) overflows
// them, and a wrapped count is a silent wrong number. The cost libraries
// are compiled with -fsanitize=signed-integer-overflow, whose checks call
// the handlers of CountOverflow.cpp; a CountOverflowScope reports whether
// one fired while it was open.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_INTERFACES_COUNTOVERFLOW_H
#define CARBON_INTERFACES_COUNTOVERFLOW_H

namespace carbon {

/// Watches the signed arithmetic of the cost libraries on this thread for
/// overflow from construction to destruction. Scopes nest: an overflow in an
/// inner scope is also one of the enclosing scope.
class CountOverflowScope {
public:
  CountOverflowScope();
  ~CountOverflowScope();
  CountOverflowScope(const CountOverflowScope &) = delete;
  CountOverflowScope &operator=(const CountOverflowScope &) = delete;

  /// Whether a count overflowed since the scope opened.
  bool overflowed() const;

private:
  bool enclosingOverflowed;
};

} // namespace carbon

#endif // CARBON_INTERFACES_COUNTOVERFLOW_H
