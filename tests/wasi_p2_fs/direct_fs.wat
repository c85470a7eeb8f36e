;; direct_fs.wat: a WASI 0.2.12 command that calls wasi:filesystem
;; itself, as Rust's wasm32-wasip2 std does (no preview1 adapter): the
;; first preopen from get-directories, open-at with create|truncate and
;; read|write, descriptor.write and descriptor.read (a tuple<list<u8>,
;; bool> result through the guest's realloc), read-directory and
;; read-directory-entry (option<record{type, name: string}>),
;; is-same-object, metadata-hash against metadata-hash-at, and open-at
;; of "../x", which must answer not-permitted ("escape: 131": is_err
;; * 100 + 31).  direct_fs.expected is its output with a fresh folder
;; preopened as "/" (parity.py --wat).
(component
  (import "wasi:io/error@0.2.12" (instance $error-inst (export "error" (type (sub resource)))))
  (alias export $error-inst "error" (type $error))
  (import "wasi:io/streams@0.2.12" (instance $streams
    (alias outer 1 $error (type $e))
    (export "error" (type $e' (eq $e)))
    (export "output-stream" (type $os (sub resource)))
    (type $se (variant (case "last-operation-failed" (own $e')) (case "closed")))
    (export "stream-error" (type $se' (eq $se)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $se')))))))
  (alias export $streams "output-stream" (type $output-stream))
  (alias export $streams "[method]output-stream.blocking-write-and-flush" (func $write))
  (import "wasi:cli/stdout@0.2.12" (instance $stdout
    (alias outer 1 $output-stream (type $os))
    (export "output-stream" (type $os' (eq $os)))
    (export "get-stdout" (func (result (own $os'))))))
  (alias export $stdout "get-stdout" (func $get-stdout))

  (import "wasi:filesystem/types@0.2.12" (instance $types
    (export "descriptor" (type $desc (sub resource)))
    (export "directory-entry-stream" (type $des (sub resource)))
    (type $dt (enum "unknown" "block-device" "character-device" "directory" "fifo" "symbolic-link" "regular-file" "socket"))
    (export "descriptor-type" (type $dt' (eq $dt)))
    (type $ec (enum "access" "would-block" "already" "bad-descriptor" "busy" "deadlock" "quota" "exist" "file-too-large" "illegal-byte-sequence" "in-progress" "interrupted" "invalid" "io" "is-directory" "loop" "too-many-links" "message-size" "name-too-long" "no-device" "no-entry" "no-lock" "insufficient-memory" "insufficient-space" "not-directory" "not-empty" "not-recoverable" "unsupported" "no-tty" "no-such-device" "overflow" "not-permitted" "pipe" "read-only" "invalid-seek" "text-file-busy" "cross-device"))
    (export "error-code" (type $ec' (eq $ec)))
    (type $pf (flags "symlink-follow"))
    (export "path-flags" (type $pf' (eq $pf)))
    (type $of (flags "create" "directory" "exclusive" "truncate"))
    (export "open-flags" (type $of' (eq $of)))
    (type $df (flags "read" "write" "file-integrity-sync" "data-integrity-sync" "requested-write-sync" "mutate-directory"))
    (export "descriptor-flags" (type $df' (eq $df)))
    (type $de (record (field "type" $dt') (field "name" string)))
    (export "directory-entry" (type $de' (eq $de)))
    (type $mh (record (field "lower" u64) (field "upper" u64)))
    (export "metadata-hash-value" (type $mh' (eq $mh)))
    (export "[method]descriptor.open-at" (func (param "self" (borrow $desc)) (param "path-flags" $pf')
      (param "path" string) (param "open-flags" $of') (param "flags" $df') (result (result (own $desc) (error $ec')))))
    (export "[method]descriptor.write" (func (param "self" (borrow $desc)) (param "buffer" (list u8))
      (param "offset" u64) (result (result u64 (error $ec')))))
    (export "[method]descriptor.read" (func (param "self" (borrow $desc)) (param "length" u64)
      (param "offset" u64) (result (result (tuple (list u8) bool) (error $ec')))))
    (export "[method]descriptor.read-directory" (func (param "self" (borrow $desc))
      (result (result (own $des) (error $ec')))))
    (export "[method]directory-entry-stream.read-directory-entry" (func (param "self" (borrow $des))
      (result (result (option $de') (error $ec')))))
    (export "[method]descriptor.is-same-object" (func (param "self" (borrow $desc)) (param "other" (borrow $desc)) (result bool)))
    (export "[method]descriptor.metadata-hash" (func (param "self" (borrow $desc)) (result (result $mh' (error $ec')))))
    (export "[method]descriptor.metadata-hash-at" (func (param "self" (borrow $desc)) (param "path-flags" $pf')
      (param "path" string) (result (result $mh' (error $ec')))))))
  (alias export $types "descriptor" (type $descriptor))
  (alias export $types "[method]descriptor.open-at" (func $open-at))
  (alias export $types "[method]descriptor.write" (func $fwrite))
  (alias export $types "[method]descriptor.read" (func $fread))
  (alias export $types "[method]descriptor.read-directory" (func $read-dir))
  (alias export $types "[method]directory-entry-stream.read-directory-entry" (func $read-entry))
  (alias export $types "[method]descriptor.is-same-object" (func $same))
  (alias export $types "[method]descriptor.metadata-hash" (func $hash))
  (alias export $types "[method]descriptor.metadata-hash-at" (func $hash-at))
  (import "wasi:filesystem/preopens@0.2.12" (instance $pre
    (alias outer 1 $descriptor (type $d))
    (export "descriptor" (type $d' (eq $d)))
    (export "get-directories" (func (result (list (tuple (own $d') string)))))))
  (alias export $pre "get-directories" (func $get-dirs))

  (core module $libc
    (memory (export "memory") 1)
    (global $bump (mut i32) (i32.const 8192))
    (func $realloc (export "cabi_realloc") (param $old i32) (param $oldsz i32)
      (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      global.get $bump local.get $align i32.add i32.const 1 i32.sub
      i32.const 0 local.get $align i32.sub i32.and local.tee $p
      local.get $size i32.add global.set $bump
      block
        global.get $bump memory.size i32.const 16 i32.shl i32.le_u br_if 0
        global.get $bump i32.const 16 i32.shr_u i32.const 1 i32.add memory.grow drop
      end
      local.get $old if local.get $p local.get $old local.get $oldsz memory.copy end
      local.get $p))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "memory" (core memory $mem))
  (alias core export $libc "cabi_realloc" (core func $realloc))
  (core func $get-stdout' (canon lower (func $get-stdout)))
  (core func $write' (canon lower (func $write) (memory $mem)))
  (core func $get-dirs' (canon lower (func $get-dirs) (memory $mem) (realloc $realloc)))
  (core func $open-at' (canon lower (func $open-at) (memory $mem)))
  (core func $fwrite' (canon lower (func $fwrite) (memory $mem)))
  (core func $fread' (canon lower (func $fread) (memory $mem) (realloc $realloc)))
  (core func $read-dir' (canon lower (func $read-dir) (memory $mem)))
  (core func $read-entry' (canon lower (func $read-entry) (memory $mem) (realloc $realloc)))
  (core func $same' (canon lower (func $same)))
  (core func $hash' (canon lower (func $hash) (memory $mem)))
  (core func $hash-at' (canon lower (func $hash-at) (memory $mem)))
  (core module $main
    (import "libc" "memory" (memory 1))
    (import "host" "get-stdout" (func $get-stdout (result i32)))
    (import "host" "write" (func $write (param i32 i32 i32 i32)))
    (import "host" "get-dirs" (func $get-dirs (param i32)))
    (import "host" "open-at" (func $open-at (param i32 i32 i32 i32 i32 i32 i32)))
    (import "host" "fwrite" (func $fwrite (param i32 i32 i32 i64 i32)))
    (import "host" "fread" (func $fread (param i32 i64 i64 i32)))
    (import "host" "read-dir" (func $read-dir (param i32 i32)))
    (import "host" "read-entry" (func $read-entry (param i32 i32)))
    (import "host" "same" (func $same (param i32 i32) (result i32)))
    (import "host" "hash" (func $hash (param i32 i32)))
    (import "host" "hash-at" (func $hash-at (param i32 i32 i32 i32 i32)))
    ;; 1024: scratch for results; 2048: digits; 4096..: texts
    (data (i32.const 4096) "hello.txt")          ;; 9
    (data (i32.const 4112) "Hello, filesystem!") ;; 18
    (data (i32.const 4144) "../x")               ;; 4
    (data (i32.const 4160) "\n")
    (data (i32.const 4176) "preopen: ")          ;; 9
    (data (i32.const 4192) "read: ")             ;; 6
    (data (i32.const 4208) "eof: ")              ;; 5
    (data (i32.const 4224) "entry: ")            ;; 7
    (data (i32.const 4240) "same: ")             ;; 6
    (data (i32.const 4256) "hash-eq: ")          ;; 9
    (data (i32.const 4272) "escape: ")           ;; 8
    (data (i32.const 4288) "written: ")          ;; 9
    (data (i32.const 4304) "type: ")             ;; 6
    (global $out (mut i32) (i32.const 0))
    (func $print (param $p i32) (param $n i32)
      global.get $out local.get $p local.get $n i32.const 1000 call $write)
    (func $nl i32.const 4160 i32.const 1 call $print)
    ;; prints a label then an unsigned number and a newline
    (func $num (param $label i32) (param $ll i32) (param $v i32) (local $p i32)
      local.get $label local.get $ll call $print
      i32.const 2064 local.set $p
      loop
        local.get $p i32.const 1 i32.sub local.tee $p
        local.get $v i32.const 10 i32.rem_u i32.const 48 i32.add i32.store8
        local.get $v i32.const 10 i32.div_u local.tee $v br_if 0
      end
      local.get $p i32.const 2064 local.get $p i32.sub call $print
      call $nl)
    (func (export "run") (result i32)
      (local $dir i32) (local $file i32) (local $stream i32) (local $lo i64) (local $hi i64)
      call $get-stdout global.set $out
      ;; get-directories: list<tuple<own<descriptor>, string>> at 1024
      i32.const 1024 call $get-dirs
      i32.const 1024 i32.load i32.load local.set $dir
      i32.const 4176 i32.const 9 call $print
      i32.const 1024 i32.load i32.load offset=4
      i32.const 1024 i32.load i32.load offset=8 call $print
      call $nl
      ;; open-at(dir, {}, "hello.txt", create|truncate, read|write)
      local.get $dir i32.const 0 i32.const 4096 i32.const 9 i32.const 9 i32.const 3 i32.const 1024
      call $open-at
      i32.const 1024 i32.load8_u if unreachable end
      i32.const 1024 i32.load offset=4 local.set $file
      ;; write(file, "Hello, filesystem!", 0) -> result<u64>
      local.get $file i32.const 4112 i32.const 18 i64.const 0 i32.const 1024 call $fwrite
      i32.const 1024 i32.load8_u if unreachable end
      i32.const 4288 i32.const 9 i32.const 1024 i64.load offset=8 i32.wrap_i64 call $num
      ;; read(file, 100, 7) -> result<tuple<list<u8>, bool>>
      local.get $file i64.const 100 i64.const 7 i32.const 1024 call $fread
      i32.const 1024 i32.load8_u if unreachable end
      i32.const 4192 i32.const 6 call $print
      i32.const 1024 i32.load offset=4 i32.const 1024 i32.load offset=8 call $print
      call $nl
      i32.const 4208 i32.const 5 i32.const 1024 i32.load8_u offset=12 call $num
      ;; read-directory(dir), then entries to the end
      local.get $dir i32.const 1024 call $read-dir
      i32.const 1024 i32.load8_u if unreachable end
      i32.const 1024 i32.load offset=4 local.set $stream
      block loop
        local.get $stream i32.const 1024 call $read-entry
        i32.const 1024 i32.load8_u if unreachable end
        i32.const 1024 i32.load8_u offset=4 i32.eqz br_if 1
        i32.const 4224 i32.const 7 call $print
        i32.const 1024 i32.load offset=12 i32.const 1024 i32.load offset=16 call $print
        call $nl
        i32.const 4304 i32.const 6 i32.const 1024 i32.load8_u offset=8 call $num
        br 0
      end end
      ;; is-same-object(dir, dir)
      i32.const 4240 i32.const 6 local.get $dir local.get $dir call $same call $num
      ;; metadata-hash(file) == metadata-hash-at(dir, {}, "hello.txt")
      local.get $file i32.const 1024 call $hash
      i32.const 1024 i64.load offset=8 local.set $lo
      i32.const 1024 i64.load offset=16 local.set $hi
      local.get $dir i32.const 0 i32.const 4096 i32.const 9 i32.const 1024 call $hash-at
      i32.const 4256 i32.const 9
      i32.const 1024 i64.load offset=8 local.get $lo i64.eq
      i32.const 1024 i64.load offset=16 local.get $hi i64.eq i32.and
      i32.const 1024 i32.load8_u i32.eqz i32.and call $num
      ;; open-at(dir, {}, "../x", {}, read): error not-permitted (31)
      local.get $dir i32.const 0 i32.const 4144 i32.const 4 i32.const 0 i32.const 1 i32.const 1024
      call $open-at
      i32.const 4272 i32.const 8 i32.const 1024 i32.load8_u offset=4
      i32.const 1024 i32.load8_u i32.const 100 i32.mul i32.add call $num
      i32.const 0)
  )
  (core instance $main (instantiate $main
    (with "libc" (instance $libc))
    (with "host" (instance (export "get-stdout" (func $get-stdout')) (export "write" (func $write'))
      (export "get-dirs" (func $get-dirs')) (export "open-at" (func $open-at'))
      (export "fwrite" (func $fwrite')) (export "fread" (func $fread'))
      (export "read-dir" (func $read-dir')) (export "read-entry" (func $read-entry'))
      (export "same" (func $same')) (export "hash" (func $hash')) (export "hash-at" (func $hash-at'))))))
  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $run-inst (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $run-inst))
)
