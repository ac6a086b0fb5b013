/* Symbols that Debian's wasm32-wasi runtime libraries reference but do not define
 * (TOOLCHAIN.md). Linked into every core module by isolated_crypto_add_component(). */
#include <stddef.h>
#include <stdint.h>

/* compiler-rt (e.g. 64/128-bit division) is built with stack protection; wasi-libc lacks
 * the guard. A constant canary is enough: wasm has no return addresses in linear memory. */
uintptr_t __stack_chk_guard = (uintptr_t)0xd3e6b790u;
_Noreturn void __stack_chk_fail(void) { __builtin_trap(); }

/* libc++abi for wasm has no exception runtime. Code built with plain -fexceptions
 * (Crypto++) calls these on `throw`; catch blocks are dropped, so a throw traps here.
 * The SDK never passes Crypto++ invalid parameters, so no throw is expected. */
void *__cxa_allocate_exception(size_t size) { (void)size; __builtin_trap(); }
void __cxa_free_exception(void *obj) { (void)obj; __builtin_trap(); }
_Noreturn void __cxa_throw(void *obj, void *type, void (*dtor)(void *)) {
  (void)obj; (void)type; (void)dtor;
  __builtin_trap();
}
_Noreturn void __cxa_rethrow(void) { __builtin_trap(); }

/* Diagnostics that would print to stderr before aborting: a trap instead. Each of these
 * pulls in printf (~12 KB of code) for a message nobody reads inside a component. */
/* libsecp256k1's default callbacks (built with USE_EXTERNAL_DEFAULT_CALLBACKS, see
 * cmake/WasmDeps.cmake): an illegal argument or internal error stops the instance. */
void secp256k1_default_illegal_callback_fn(const char *str, void *data) {
  (void)str; (void)data;
  __builtin_trap();
}
void secp256k1_default_error_callback_fn(const char *str, void *data) {
  (void)str; (void)data;
  __builtin_trap();
}
/* libc++abi's fatal-error reporter (bad dynamic_cast, pure virtual call, new failing). */
_Noreturn void abort_message(const char *format, ...) { (void)format; __builtin_trap(); }
/* libc++'s std::__libcpp_verbose_abort: adapters/wit/runtime/verbose_abort.cpp. */
