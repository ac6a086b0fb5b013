;; A component whose exports do nothing: what one call costs in a runtime's glue and canonical
;; ABI alone (bench.mjs on jco, py/bench_ops.py on wasmtime).
;;   nop: func()                        no arguments, no result
;;   id: func(x: u32) -> u32            one flat value each way
;;   echo: func(x: list<u8>) -> list<u8> a list lowered into memory and lifted back
(component
  (core module $m
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "nop"))
    (func (export "id") (param i32) (result i32) local.get 0)
    ;; Returns the argument's (ptr, len) through a return area at address 16.
    (func (export "echo") (param i32 i32) (result i32)
      (i32.store (i32.const 16) (local.get 0))
      (i32.store (i32.const 20) (local.get 1))
      i32.const 16)
    ;; Bump allocator for the arguments, wrapping back to 1024 (enough for a benchmark).
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (if (i32.gt_u (i32.add (global.get $next) (local.get 3)) (i32.const 65536))
        (then (global.set $next (i32.const 1024))))
      (local.set $p (global.get $next))
      (global.set $next (i32.add (global.get $next) (local.get 3)))
      local.get $p))
  (core instance $i (instantiate $m))
  (alias core export $i "memory" (core memory $mem))
  (alias core export $i "realloc" (core func $realloc))
  (func (export "nop") (canon lift (core func $i "nop")))
  (func (export "id") (param "x" u32) (result u32) (canon lift (core func $i "id")))
  (func (export "echo") (param "x" (list u8)) (result (list u8))
    (canon lift (core func $i "echo") (memory $mem) (realloc $realloc)))
)
