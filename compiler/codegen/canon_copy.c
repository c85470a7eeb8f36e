/* Copies of values between the two sides of a lift or lower
 * (CanonicalABI.md "Loading" and "Storing"): every check of load is made
 * on the way (bool 0 or 1, char a Unicode scalar value, discriminants in
 * range, flags masked to their labels, strings and lists aligned, in
 * bounds, under MAX_STRING_BYTE_LENGTH / MAX_LIST_BYTE_LENGTH and well
 * encoded); strings are transcoded between encodings by the runtime,
 * lists copied into the other memory through its realloc (memcpy when
 * their elements need no check), handles moved between handle tables.
 * Toward the host, strings and lists stay views of guest memory.
 */
#include "codegen/canon.h"

/* MAX_STRING_BYTE_LENGTH and MAX_LIST_BYTE_LENGTH */
#define CANON_MAX_BYTES ((1u << 28) - 1)
#define CANON_UTF16_TAG 0x80000000u

/* ---- checks of strings and lists ---- */

static LLVMValueRef gt_limit(Canon *c, LLVMValueRef bytes64)
{
    return LLVMBuildICmp(c->m->b, LLVMIntUGT, bytes64,
                         canon_i64(c, CANON_MAX_BYTES), "");
}

/* Checks one encoding's range and contents: `units` code units of
 * `unit` bytes each. */
static void check_encoded(Canon *c, LLVMValueRef mem, LLVMValueRef ptr,
                          LLVMValueRef units, unsigned unit, uint32_t align,
                          const char *validator)
{
    CgModule *m = c->m;
    LLVMValueRef bytes = LLVMBuildMul(
        m->b, LLVMBuildZExt(m->b, units, m->t_i64, ""), canon_i64(c, unit), "");
    canon_trap_if(c, gt_limit(c, bytes), "string too long");
    canon_check_range(c, mem, ptr, bytes, align);
    if (validator) {
        LLVMValueRef args[2] = {canon_ptr(c, canon_guest(mem, ptr)), units};
        canon_call(c, validator, m->t_void, args, 2);
    }
}

void canon_check_string(Canon *c, CanonSide *from, LLVMValueRef ptr,
                        LLVMValueRef units)
{
    CgModule *m = c->m;
    LLVMBuilderRef b = m->b;
    switch (from->opts->encoding) {
    case CMP_UTF8:
        check_encoded(c, from->mem, ptr, units, 1, 1, "kiln_cm_check_utf8");
        return;
    case CMP_UTF16:
        check_encoded(c, from->mem, ptr, units, 2, 2, "kiln_cm_check_utf16");
        return;
    case CMP_LATIN1_UTF16: {
        LLVMValueRef tag = LLVMBuildAnd(b, units, canon_i32(c, CANON_UTF16_TAG), "");
        LLVMValueRef is16 = LLVMBuildICmp(b, LLVMIntNE, tag, canon_i32(c, 0), "");
        LLVMBasicBlockRef u16 = cg_block(&c->f, "str.utf16");
        LLVMBasicBlockRef l1 = cg_block(&c->f, "str.latin1");
        LLVMBasicBlockRef end = cg_block(&c->f, "str.end");
        LLVMBuildCondBr(b, is16, u16, l1);
        LLVMPositionBuilderAtEnd(b, u16);
        LLVMValueRef n16 = LLVMBuildXor(b, units, canon_i32(c, CANON_UTF16_TAG), "");
        check_encoded(c, from->mem, ptr, n16, 2, 2, "kiln_cm_check_utf16");
        LLVMBuildBr(b, end);
        LLVMPositionBuilderAtEnd(b, l1);
        check_encoded(c, from->mem, ptr, units, 1, 2, NULL);
        LLVMBuildBr(b, end);
        LLVMPositionBuilderAtEnd(b, end);
        return;
    }
    }
}

void canon_check_list(Canon *c, LLVMValueRef mem, const WitType *elem,
                      LLVMValueRef ptr, LLVMValueRef n)
{
    CgModule *m = c->m;
    LLVMValueRef bytes =
        LLVMBuildMul(m->b, LLVMBuildZExt(m->b, n, m->t_i64, ""),
                     canon_i64(c, abi_size(elem)), "");
    canon_trap_if(c, gt_limit(c, bytes), "list too long");
    canon_check_range(c, mem, ptr, bytes, abi_align(elem));
}

/* ---- copies between sides ---- */

/* True when a value of t is the same bytes on both sides with no check
 * to make (lists of such elements are copied with memcpy). */
static bool is_plain(const WitType *t)
{
    t = wit_type_resolve(t);
    switch (t->kind) {
    case WIT_S8: case WIT_U8: case WIT_S16: case WIT_U16: case WIT_S32:
    case WIT_U32: case WIT_S64: case WIT_U64: case WIT_F32: case WIT_F64:
        return true;
    case WIT_LIST:
        return t->length && is_plain(t->elem);
    case WIT_TUPLE:
    case WIT_RECORD:
        for (size_t k = 0; k < abi_record_nfields(t); k++)
            if (!is_plain(abi_record_field(t, k)))
                return false;
        return true;
    default:
        return false;
    }
}

static void copy_handle(Canon *c, const WitType *t, CanonSide *from,
                        CanonPlace src, CanonSide *to, CanonPlace dst)
{
    LLVMValueRef h = canon_load(c, c->m->t_i32, src);
    bool borrow = t->kind == WIT_BORROW;
    if (from->host || to->host || (t->kind != WIT_RESOURCE && !borrow)) {
        /* host calls take the guest's handle index (kiln_cx_*) */
        canon_store(c, h, dst);
        return;
    }
    uint32_t res = canon_resource_index(c, t, from->opts->comp_instance,
                                        to->opts->comp_instance);
    if (res == UINT32_MAX) {
        canon_trap_if(c, LLVMConstInt(c->m->t_i1, 1, 0),
                      "handle of an unknown resource type");
        canon_store(c, h, dst);
        return;
    }
    LLVMValueRef a[4] = {c->ci, canon_i32(c, from->opts->comp_instance),
                         canon_i32(c, res), h};
    LLVMValueRef rep = canon_call(
        c, borrow ? "kiln_cm_lift_borrow" : "kiln_cm_lift_own", c->m->t_i32,
        a, 4);
    a[1] = canon_i32(c, to->opts->comp_instance);
    a[3] = rep;
    canon_store(c, canon_call(c, borrow ? "kiln_cm_lower_borrow" : "kiln_cm_lower_own",
                        c->m->t_i32, a, 4),
          dst);
}

static void copy_string(Canon *c, CanonSide *from, CanonPlace src,
                        CanonSide *to, CanonPlace dst)
{
    CgModule *m = c->m;
    LLVMValueRef ptr = canon_load(c, m->t_i32, src);
    LLVMValueRef len = canon_load(c, m->t_i32, canon_at(c, src, 4));
    canon_check_string(c, from, ptr, len);
    if (to->host) {
        canon_store(c, ptr, dst);
        canon_store(c, len, canon_at(c, dst, 4));
        return;
    }
    CanonPlace out = canon_temp(c, 8, 4);
    LLVMValueRef a[6] = {canon_side_cx(c, from), ptr, len, canon_side_cx(c, to),
                         canon_ptr(c, out), canon_ptr(c, canon_at(c, out, 4))};
    canon_call(c, "kiln_cm_transcode", m->t_void, a, 6);
    canon_store(c, canon_load(c, m->t_i32, out), dst);
    canon_store(c, canon_load(c, m->t_i32, canon_at(c, out, 4)), canon_at(c, dst, 4));
}

static void copy_list(Canon *c, const WitType *elem, CanonSide *from,
                      CanonPlace src, CanonSide *to, CanonPlace dst)
{
    CgModule *m = c->m;
    LLVMBuilderRef b = m->b;
    LLVMValueRef ptr = canon_load(c, m->t_i32, src);
    LLVMValueRef n = canon_load(c, m->t_i32, canon_at(c, src, 4));
    canon_check_list(c, from->mem, elem, ptr, n);
    if (to->host) {
        canon_store(c, ptr, dst);
        canon_store(c, n, canon_at(c, dst, 4));
        return;
    }
    uint32_t esize = abi_size(elem);
    LLVMValueRef bytes = LLVMBuildMul(b, n, canon_i32(c, esize), "");
    LLVMValueRef out = canon_alloc(c, to, bytes, abi_align(elem));
    if (is_plain(elem)) {
        LLVMValueRef d = canon_ptr(c, canon_guest(to->mem, out));
        LLVMValueRef s = canon_ptr(c, canon_guest(from->mem, ptr));
        LLVMBuildMemCpy(b, d, 1, s, 1, LLVMBuildZExt(b, bytes, m->t_i64, ""));
    } else {
        /* for (i = 0; i != n; i++) copy element i */
        LLVMBasicBlockRef pre = LLVMGetInsertBlock(b);
        LLVMBasicBlockRef head = cg_block(&c->f, "list.head");
        LLVMBasicBlockRef body = cg_block(&c->f, "list.body");
        LLVMBasicBlockRef done = cg_block(&c->f, "list.done");
        LLVMBuildBr(b, head);
        LLVMPositionBuilderAtEnd(b, head);
        LLVMValueRef i = LLVMBuildPhi(b, m->t_i32, "i");
        LLVMValueRef zero = canon_i32(c, 0);
        LLVMAddIncoming(i, &zero, &pre, 1);
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, i, n, ""), done, body);
        LLVMPositionBuilderAtEnd(b, body);
        LLVMValueRef off = LLVMBuildMul(b, i, canon_i32(c, esize), "");
        canon_copy(c, elem, from,
                   canon_guest(from->mem, LLVMBuildAdd(b, ptr, off, "")), to,
                   canon_guest(to->mem, LLVMBuildAdd(b, out, off, "")));
        LLVMValueRef next = LLVMBuildAdd(b, i, canon_i32(c, 1), "");
        LLVMBasicBlockRef last = LLVMGetInsertBlock(b);
        LLVMAddIncoming(i, &next, &last, 1);
        LLVMBuildBr(b, head);
        LLVMPositionBuilderAtEnd(b, done);
    }
    canon_store(c, out, dst);
    canon_store(c, n, canon_at(c, dst, 4));
}

static void copy_variant(Canon *c, const WitType *t, CanonSide *from,
                         CanonPlace src, CanonSide *to, CanonPlace dst)
{
    LLVMBuilderRef b = c->m->b;
    size_t ncases = abi_variant_ncases(t);
    LLVMTypeRef dt = canon_disc_type(c, ncases);
    LLVMValueRef d = LLVMBuildZExt(b, canon_load(c, dt, src), c->m->t_i32, "");
    canon_check_disc(c, d, ncases);
    canon_store(c, LLVMBuildTrunc(b, d, dt, ""), dst);
    uint32_t po = abi_payload_offset(t);
    LLVMBasicBlockRef join = cg_block(&c->f, "variant.end");
    LLVMValueRef sw = LLVMBuildSwitch(b, d, join, (unsigned)ncases);
    for (size_t k = 0; k < ncases; k++) {
        const WitType *p = abi_variant_payload(t, k);
        if (!p)
            continue;
        LLVMBasicBlockRef bb = cg_block(&c->f, "variant.case");
        LLVMAddCase(sw, canon_i32(c, k), bb);
        LLVMPositionBuilderAtEnd(b, bb);
        canon_copy(c, p, from, canon_at(c, src, po), to, canon_at(c, dst, po));
        LLVMBuildBr(b, join);
    }
    LLVMPositionBuilderAtEnd(b, join);
}

void canon_copy(Canon *c, const WitType *t, CanonSide *from, CanonPlace src,
                CanonSide *to, CanonPlace dst)
{
    t = wit_type_resolve(t);
    if (canon_is_handle(t->kind)) {
        copy_handle(c, t, from, src, to, dst);
        return;
    }
    switch (abi_shape(t)) {
    case ABI_SHAPE_SCALAR:
    case ABI_SHAPE_FLAGS:
        canon_store(c, canon_load_checked(c, t, src), dst);
        return;
    case ABI_SHAPE_LIST:
        if (t->kind == WIT_STRING) {
            copy_string(c, from, src, to, dst);
        } else if (t->kind == WIT_MAP) {
            WitType *kv[2] = {t->key, t->elem};
            WitType tuple = {.kind = WIT_TUPLE, .elems = kv, .nelems = 2};
            copy_list(c, &tuple, from, src, to, dst);
        } else {
            copy_list(c, t->elem, from, src, to, dst);
        }
        return;
    case ABI_SHAPE_FIXED:
        for (uint32_t k = 0; k < t->length; k++) {
            uint32_t o = k * abi_size(t->elem);
            canon_copy(c, t->elem, from, canon_at(c, src, o), to,
                       canon_at(c, dst, o));
        }
        return;
    case ABI_SHAPE_RECORD:
        for (size_t k = 0; k < abi_record_nfields(t); k++) {
            uint32_t o = abi_field_offset(t, k);
            canon_copy(c, abi_record_field(t, k), from, canon_at(c, src, o), to,
                       canon_at(c, dst, o));
        }
        return;
    case ABI_SHAPE_VARIANT:
        copy_variant(c, t, from, src, to, dst);
        return;
    }
}
