;; The async value types (stream, future, error-context) and async
;; function types as declared types and import types; no async canonical
;; built-ins, which kiln does not support yet.
(component
  (type $s (stream u8))
  (type $s0 (stream))
  (type $f (future string))
  (type $f0 (future))
  (type $ec error-context)
  (type $af (func async (param "input" $s) (result $f)))
  (import "reader" (func (param "s" $s) (param "f" $f0) (param "e" $ec) (result $s0)))
  (import "async-op" (func (type $af)))
)
