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
