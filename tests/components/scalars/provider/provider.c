/* The host of scalars for its kiln run: driver.mjs's echoes and `next`. */
#include "provider.h"

bool provider_host_echo_bool(bool x) { return x; }
int8_t provider_host_echo_s8(int8_t x) { return x; }
uint8_t provider_host_echo_u8(uint8_t x) { return x; }
int16_t provider_host_echo_s16(int16_t x) { return x; }
uint16_t provider_host_echo_u16(uint16_t x) { return x; }
int32_t provider_host_echo_s32(int32_t x) { return x; }
uint32_t provider_host_echo_u32(uint32_t x) { return x; }
int64_t provider_host_echo_s64(int64_t x) { return x; }
uint64_t provider_host_echo_u64(uint64_t x) { return x; }
float provider_host_echo_f32(float x) { return x; }
double provider_host_echo_f64(double x) { return x; }
uint32_t provider_host_echo_char(uint32_t x) { return x; }
uint32_t provider_next(uint32_t x) { return x + 1; }
