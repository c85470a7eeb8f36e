;; Import and export names: plain kebab labels with acronyms, interface
;; names with and without versions (pre-release and build metadata), and
;; a component-name custom section naming every sort.
(component $named
  (import "wasi:cli/environment@0.2.0" (instance $env
    (export "get-environment" (func (result (list (tuple string string)))))))
  (import "my-ns:my-pkg/iface" (instance $plain))
  (import "acme:deep-pkg/api@1.2.3-rc.1+build.5" (instance $pre))
  (import "HTTP-server" (func $http))
  (import "get-URL-for-v2" (func $url))
  (import "a:b/c@0.1.0" (func $abc))
  (core module $mod (func (export "run")))
  (core instance $inst (instantiate $mod))
  (alias core export $inst "run" (core func $run))
  (type $t (func))
  (func $lifted (type $t) (canon lift (core func $run)))
  (export "run" (func $lifted))
  (instance $run-inst (export "run" (func $lifted)))
  (export "wasi:cli/run@0.2.0" (instance $run-inst))
  (export "x-Y-z9" (func $http))
)
