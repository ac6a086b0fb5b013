// The JSON that travels between the CLI and an Etherscan-compatible registry.
//
// Request (POST <base>/verifiedSignatures.aspx/VerifyMessageSignature):
//   {"address":"0x…","messageSignature":"0x…","messageRaw":"…","saveOption":"1"}
// Response (ASP.NET page-method style, everything under "d"):
//   success:  {"d":{"success":true,…,"verifiedMessageLocation":"/verifySig/N"}}
//   failure:  {"d":{"success":false,…,"verifiedMessageLocation":null,"message":"…"}}
// Built and parsed with nlohmann::json, so any message (quotes, backslashes, control
// characters, non-ASCII UTF-8) is escaped correctly.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace ic_cli {

using json = nlohmann::json;

inline constexpr std::string_view verify_endpoint = "/verifiedSignatures.aspx/VerifyMessageSignature";

/// One submission: what personal_sign produced and what was signed.
struct signed_message {
  std::string address;    ///< "0x" + 40 hex (the CLI sends EIP-55)
  std::string signature;  ///< "0x" + 130 hex: r || s || v
  std::string message;    ///< the raw message (UTF-8)
};

/// Returns: true iff `s` is well-formed UTF-8 (what a JSON string can carry).
inline bool is_valid_utf8(std::string_view s) {
  try {
    (void)json(std::string(s)).dump();
    return true;
  } catch (const json::exception&) {
    return false;
  }
}

/// The request body, fields in the demo's order. Precondition: is_valid_utf8(m.message) (dump() throws otherwise).
inline std::string request_body(const signed_message& m) {
  const nlohmann::ordered_json j = {
      {"address", m.address}, {"messageSignature", m.signature}, {"messageRaw", m.message}, {"saveOption", "1"}};
  return j.dump();  // UTF-8 kept as is; control characters as \n, \t, \u0001 …
}

/// A parsed request, or why it is malformed (answered with HTTP 400).
struct parsed_request {
  std::optional<signed_message> value;
  std::string save_option = "1";
  std::string error;
};

inline parsed_request parse_request(std::string_view body) {
  const json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return {std::nullopt, {}, "request body is not valid JSON"};
  if (!j.is_object()) return {std::nullopt, {}, "request body must be a JSON object"};
  for (const char* field : {"address", "messageSignature", "messageRaw"}) {
    if (!j.contains(field) || !j[field].is_string()) {
      return {std::nullopt, {}, std::string("missing or non-string field \"") + field + "\""};
    }
  }
  parsed_request r;
  r.value = signed_message{j["address"].get<std::string>(), j["messageSignature"].get<std::string>(),
                           j["messageRaw"].get<std::string>()};
  if (j.contains("saveOption")) {
    const json& so = j["saveOption"];
    r.save_option = so.is_string() ? so.get<std::string>() : so.dump();
  }
  return r;
}

/// Registry answer for a verified (and stored, when `location` is set) signature.
inline std::string success_response(std::optional<std::string> location, bool duplicate) {
  nlohmann::ordered_json d = {
      {"__type", "VerifyMessageSignatureResult"},
      {"success", true},
      {"verifyResult", "Message Signature Verified"},
      {"saveResult", location ? "Saved" : "Not saved (saveOption is not \"1\")"},
      {"isDuplicatedMessage", duplicate},
      {"verifiedMessageLocation", location ? nlohmann::ordered_json(*location) : nlohmann::ordered_json(nullptr)}};
  return nlohmann::ordered_json{{"d", d}}.dump();
}

/// Registry answer for a signature that does not verify: HTTP 200 and no location.
inline std::string failure_response(std::string_view why) {
  nlohmann::ordered_json d = {{"__type", "VerifyMessageSignatureResult"},
                              {"success", false},
                              {"verifyResult", "Message Signature Verification Failed"},
                              {"saveResult", ""},
                              {"isDuplicatedMessage", false},
                              {"verifiedMessageLocation", nullptr},
                              {"message", "Message Signature Verification Failed: " + std::string(why)}};
  return nlohmann::ordered_json{{"d", d}}.dump();
}

/// What a registry answered with HTTP 200.
struct parsed_response {
  std::optional<std::string> location;  ///< "/verifySig/N"
  bool is_json = false;
  std::string reason;  ///< the registry's own words when there is no location
};

inline parsed_response parse_response(std::string_view body) {
  parsed_response r;
  const json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return r;
  r.is_json = true;
  const json* d = (j.is_object() && j.contains("d") && j["d"].is_object()) ? &j["d"] : nullptr;
  if (d == nullptr) {
    r.reason = "no \"d\" object in the answer";
    return r;
  }
  if (d->contains("verifiedMessageLocation") && (*d)["verifiedMessageLocation"].is_string() &&
      !(*d)["verifiedMessageLocation"].get<std::string>().empty()) {
    r.location = (*d)["verifiedMessageLocation"].get<std::string>();
    return r;
  }
  for (const char* key : {"message", "verifyResult"}) {
    if (d->contains(key) && (*d)[key].is_string() && !(*d)[key].get<std::string>().empty()) {
      r.reason = (*d)[key].get<std::string>();
      return r;
    }
  }
  r.reason = "no verifiedMessageLocation in the answer";
  return r;
}

/// A stored registry entry as JSON (GET /verifySig/N?format=json, --store lines).
inline nlohmann::ordered_json entry_json(std::uint64_t id, const signed_message& m) {
  return {{"id", id},
          {"location", "/verifySig/" + std::to_string(id)},
          {"address", m.address},
          {"message", m.message},
          {"signature", m.signature},
          {"verified", true}};
}

}  // namespace ic_cli
