#pragma once
// Canonical ABI bindings for C++ components: include this one header.
//   types.hpp     C++ types for WIT values (string, list, result, records, enums, flags)
//   resource.hpp  own/borrow handles, resource declaration macros
//   abi.hpp       flattening, sizes, alignments (constexpr)
//   lift_lower.hpp, lift_lower_compound.hpp   abi<T>: store/load/lower/lift per type
//   signature.hpp C++ signature -> core signature
//   export.hpp    ISOLATED_CRYPTO_WIT_EXPORT
//   import.hpp    ISOLATED_CRYPTO_WIT_IMPORT
//   realloc.hpp   cabi_realloc
#include "export.hpp"
#include "import.hpp"
