// Umbrella header: the core API. Include an engine header (e.g.
// <isolated_crypto/engine/libsecp256k1.hpp>) to pick a backend.
#pragma once

#include "bip32_path.hpp"
#include "bip39.hpp"
#include "concepts.hpp"
#include "der.hpp"
#include "ecdsa_key.hpp"
#include "error.hpp"
#include "ethereum.hpp"
#include "policy/policy.hpp"
#include "hex.hpp"
#include "mnemonic.hpp"
#include "node.hpp"
#include "secp256k1.hpp"
#include "secret.hpp"
#include "seed.hpp"
#include "software_engine.hpp"
#include "types.hpp"
