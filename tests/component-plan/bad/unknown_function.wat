;; wasi:cli/environment is implemented, but has no function `get-secrets`.
(component
  (import "wasi:cli/environment@0.2.0" (instance $env
    (export "get-arguments" (func (result (list string))))
    (export "get-secrets" (func (result (list string))))))
)
