/* libffi calls of export C-ABI entries: see invoke.h. */
#include "driver/invoke.h"
