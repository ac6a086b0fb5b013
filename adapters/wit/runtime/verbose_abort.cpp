// libc++'s fatal-error reporter (e.g. a length_error with -fno-exceptions), which prints
// with vfprintf before aborting: a trap instead (see wasm_runtime.c). libc++ gives it a
// weak definition so that programs can replace it; the header supplies the ABI namespace.
#include <__verbose_abort>

_LIBCPP_BEGIN_NAMESPACE_STD
void __libcpp_verbose_abort(const char* format, ...) {
  (void)format;
  __builtin_trap();
}
_LIBCPP_END_NAMESPACE_STD
