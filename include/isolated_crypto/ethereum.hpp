// Ethereum helpers, written once over the signing_key concept (native ecdsa_key<E> or a
// WIT-imported key): addresses and EIP-55, EIP-191 personal_sign, EIP-712 typed data,
// transactions (types 0-4), EIP-7702 authorizations, EIP-2098 compact signatures, RLP.
// Every helper signs the whole preimage with key.sign(keccak256, preimage) and never
// emits v = 29/30 (see ethereum/signature.hpp). The JSON reader is the SDK's own
// (ethereum/json.hpp): no third-party header.
#pragma once

#include "ethereum/address.hpp"
#include "ethereum/authorization.hpp"
#include "ethereum/eip712.hpp"
#include "ethereum/field_error.hpp"
#include "ethereum/json.hpp"
#include "ethereum/json_values.hpp"
#include "ethereum/personal_sign.hpp"
#include "ethereum/rlp.hpp"
#include "ethereum/signature.hpp"
#include "ethereum/transaction.hpp"
#include "ethereum/transaction_json.hpp"
#include "ethereum/uint256.hpp"
