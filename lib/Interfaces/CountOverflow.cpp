//===- CountOverflow.cpp - Handlers of the overflow checks ------*- C++ -*-===//
//
// The handlers that GCC's and Clang's -fsanitize=signed-integer-overflow
// checks call (the UBSan runtime's names and signatures), defined here so
// that an overflow in the cost libraries marks the count being computed
// instead of printing, and no sanitizer runtime is linked. The checks
// recover (-fsanitize-recover), so the computation goes on with the wrapped
// value, which the CountOverflowScope's owner then discards.
//
//===----------------------------------------------------------------------===//

#include "carbon/Interfaces/CountOverflow.h"

namespace {
thread_local bool countOverflowed = false;
void noteOverflow() { countOverflowed = true; }
} // namespace

carbon::CountOverflowScope::CountOverflowScope()
    : enclosingOverflowed(countOverflowed) {
  countOverflowed = false;
}

carbon::CountOverflowScope::~CountOverflowScope() {
  countOverflowed = countOverflowed || enclosingOverflowed;
}

bool carbon::CountOverflowScope::overflowed() const { return countOverflowed; }

extern "C" {
void __ubsan_handle_add_overflow(void *, void *, void *) { noteOverflow(); }
void __ubsan_handle_sub_overflow(void *, void *, void *) { noteOverflow(); }
void __ubsan_handle_mul_overflow(void *, void *, void *) { noteOverflow(); }
void __ubsan_handle_negate_overflow(void *, void *) { noteOverflow(); }
void __ubsan_handle_divrem_overflow(void *, void *, void *) { noteOverflow(); }
}
