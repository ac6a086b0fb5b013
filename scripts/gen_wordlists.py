#!/usr/bin/env python3
"""Generate the BIP-39 wordlist headers include/isolated_crypto/bip39/wordlists/*.hpp.

Usage:
    python3 scripts/gen_wordlists.py [WORDLIST_DIR] [--out OUT_DIR]

WORDLIST_DIR holds the ten official BIP-39 lists as ``wordlist-<language>.txt`` (bitcoin/bips
``bip-0039/<language>.txt``, byte for byte). Default: ``../shared/vectors/bip39`` relative to the
repository root (a relative path given on the command line is taken relative to the current
directory). OUT_DIR defaults to ``include/isolated_crypto/bip39/wordlists`` under the repository root.

For every language L the header ``<L>.hpp`` defines, in namespace
``isolated_crypto::bip39::wordlists::<L>``:

* ``name``            std::string_view, e.g. "english"
* ``max_word_bytes``  largest UTF-8 byte length of a word in NFKD form
* ``word_stride``     max_word_bytes rounded up to a multiple of 8
* ``packed``          std::array<std::uint64_t, 2048 * word_stride / 8>: word i, NFKD, zero-padded to
                      word_stride bytes, stored as word_stride/8 little-endian 64-bit limbs starting at
                      packed[i * word_stride / 8] (byte j of the word is bits 8*(j%8).. of limb j/8).
                      Meant for constant-time lookup: pad the (NFKD) candidate the same way and
                      OR together the XOR of every limb for all 2048 entries, without branching.
* ``lengths``         std::array<std::uint8_t, 2048>: NFKD byte length of word i
* ``text``            char array: the 2048 NFKD words concatenated (word i starts at the sum of
                      lengths[0..i)), then 8 zero bytes, so that an 8-byte load at any byte of a
                      word stays inside the array. The compact form the constant-time lookup scans
                      (about half the bytes of ``packed``; in a wasm engine ``packed`` is unused)
* ``alphabet``        for a list with non-ASCII words and at most 256 distinct code points (japanese,
                      korean, spanish, french): the list's code points, ascending; then ``text``
                      holds one byte per code point, its index in ``alphabet`` (a third of the bytes
                      for kana and Hangul jamo, which take 3 bytes each in UTF-8). Other lists:
                      ``alphabet_size`` is 0 and ``text`` is UTF-8. Either way word i starts at the
                      sum of the *coded* lengths of words 0..i-1; ``lengths`` stays in UTF-8 bytes
* ``words``           std::array<std::string_view, 2048>: NFKD word i (for tests and for
                      entropy -> mnemonic); not meant for secret-dependent lookups
* ``separator``       the word separator used when writing a mnemonic in this language
                      (U+3000 for Japanese, which NFKD turns into U+0020; " " otherwise)
* ``sorted``          whether the NFKD words are in strictly increasing byte order (do not rely on it)

``all.hpp`` includes the ten headers and adds ``enum class language``, ``all_languages``,
``wordlist_view`` and ``get(language)``.

The script checks: 2048 lines per list, UTF-8 without BOM, LF line ends with a final LF, no
whitespace or NUL inside a word, 2048 distinct words after NFKD, word length < 256. Output is
deterministic (no timestamps) and pure ASCII: non-ASCII bytes are written as \\xNN escapes.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import unicodedata
from pathlib import Path

LANGUAGES = [
    "english",
    "japanese",
    "korean",
    "spanish",
    "chinese_simplified",
    "chinese_traditional",
    "french",
    "italian",
    "czech",
    "portuguese",
]

WORD_COUNT = 2048
IDEOGRAPHIC_SPACE = "\u3000"

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = "../shared/vectors/bip39"
DEFAULT_OUT = "include/isolated_crypto/bip39/wordlists"

NAMESPACE = "isolated_crypto::bip39::wordlists"
HEX_DIGITS = set(b"0123456789abcdefABCDEF")


def die(msg: str) -> None:
    sys.exit(f"gen_wordlists.py: error: {msg}")


def cpp_string_literal(data: bytes) -> str:
    """Pure-ASCII C++ string literal for arbitrary bytes.

    Printable ASCII stays as is; everything else becomes \\xNN. A hex escape is greedy in C++,
    so when a \\xNN is followed by a hex-digit character the literal is split ("..." "...").
    """
    out = ['"']
    prev_was_hex_escape = False
    for b in data:
        if 0x20 <= b < 0x7F and b not in (0x22, 0x5C, 0x3F):  # not '"', '\\', '?' (trigraphs)
            if prev_was_hex_escape and b in HEX_DIGITS:
                out.append('" "')
            out.append(chr(b))
            prev_was_hex_escape = False
        else:
            out.append(f"\\x{b:02x}")
            prev_was_hex_escape = True
    out.append('"')
    return "".join(out)


def read_wordlist(path: Path) -> tuple[list[str], bytes]:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        die(f"{path}: starts with a UTF-8 BOM")
    if b"\r" in raw:
        die(f"{path}: contains CR (expected LF line ends)")
    if not raw.endswith(b"\n"):
        die(f"{path}: no final LF")
    try:
        text = raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        die(f"{path}: not valid UTF-8: {e}")
    words = text.split("\n")[:-1]
    if len(words) != WORD_COUNT:
        die(f"{path}: {len(words)} lines, expected {WORD_COUNT}")
    for i, w in enumerate(words):
        if not w or any(c.isspace() or c == "\0" for c in w):
            die(f"{path}: line {i + 1} is empty or contains whitespace/NUL: {w!r}")
    return words, raw


def pack_words(words_nfkd: list[bytes], stride: int) -> list[int]:
    limbs: list[int] = []
    for w in words_nfkd:
        padded = w + b"\0" * (stride - len(w))
        for k in range(0, stride, 8):
            limbs.append(int.from_bytes(padded[k : k + 8], "little"))
    return limbs


def generated_banner(sources: list[tuple[str, str]]) -> list[str]:
    lines = [
        "// generated by scripts/gen_wordlists.py from " + ", ".join(s for s, _ in sources) + " -- do not edit.",
        "// Source files (official BIP-39 wordlists, bitcoin/bips bip-0039/, MIT), SHA-256:",
    ]
    for name, digest in sources:
        lines.append(f"//   {name}  {digest}")
    return lines


def language_header(lang: str, src_name: str, raw: bytes, words: list[str]) -> tuple[str, dict]:
    nfkd = [unicodedata.normalize("NFKD", w) for w in words]
    if len(set(nfkd)) != WORD_COUNT:
        die(f"{lang}: NFKD forms are not {WORD_COUNT} distinct words")
    enc = [w.encode("utf-8") for w in nfkd]
    if any(b"\0" in e for e in enc):
        die(f"{lang}: NUL byte in a word")
    max_bytes = max(len(e) for e in enc)
    if max_bytes > 255:
        die(f"{lang}: word longer than 255 bytes")
    stride = (max_bytes + 7) // 8 * 8
    limbs = pack_words(enc, stride)
    limbs_per_word = stride // 8
    is_sorted = all(enc[i] < enc[i + 1] for i in range(WORD_COUNT - 1))
    changed_by_nfkd = sum(a != b for a, b in zip(words, nfkd))
    non_ascii = sum(any(ord(c) > 0x7F for c in w) for w in nfkd)
    out_of_order = sum(enc[i] >= enc[i + 1] for i in range(WORD_COUNT - 1))
    separator = IDEOGRAPHIC_SPACE if lang == "japanese" else " "

    L: list[str] = []
    L += generated_banner([(src_name, hashlib.sha256(raw).hexdigest())])
    L += [
        f"// BIP-39 wordlist: {lang}. {WORD_COUNT} words, stored in NFKD form (the form BIP-39 hashes and",
        "// compares); the source file " + ("is already NFKD." if changed_by_nfkd == 0 else f"had {changed_by_nfkd} words not in NFKD."),
        f"// Words with non-ASCII bytes: {non_ascii}. Byte-sorted: {'yes' if is_sorted else f'no ({out_of_order} adjacent pairs out of order)'}.",
        "// Layout of `packed`: word i occupies packed[i * limbs_per_word .. (i + 1) * limbs_per_word);",
        "// its NFKD UTF-8 bytes, zero-padded to word_stride, are read as little-endian 64-bit limbs",
        "// (byte j of the word is bits [8*(j%8), 8*(j%8)+8) of limb j/8), independent of host endianness.",
        "#pragma once",
        "",
        "#include <array>",
        "#include <cstddef>",
        "#include <cstdint>",
        "#include <string_view>",
        "",
        f"namespace {NAMESPACE}::{lang} {{",
        "",
        f'inline constexpr std::string_view name = "{lang}";',
        f"inline constexpr std::size_t word_count = {WORD_COUNT};",
        f"/// Largest UTF-8 byte length of a word after NFKD.",
        f"inline constexpr std::size_t max_word_bytes = {max_bytes};",
        f"/// max_word_bytes rounded up to a multiple of 8: bytes per padded word in `packed`.",
        f"inline constexpr std::size_t word_stride = {stride};",
        f"inline constexpr std::size_t limbs_per_word = word_stride / 8;",
        f"/// True iff the NFKD words are in strictly increasing byte order. Do not rely on it.",
        f"inline constexpr bool sorted = {'true' if is_sorted else 'false'};",
        "/// Separator between the words of a mnemonic written in this language"
        + (" (U+3000 IDEOGRAPHIC SPACE;\n/// NFKD maps it to U+0020, so split on U+3000 before normalising or on U+0020 after)." if lang == "japanese" else "."),
        f"inline constexpr std::string_view separator = {cpp_string_literal(separator.encode())};",
        "",
        f"inline constexpr std::array<std::uint64_t, word_count * limbs_per_word> packed{{{{",
    ]
    for i in range(WORD_COUNT):
        chunk = limbs[i * limbs_per_word : (i + 1) * limbs_per_word]
        L.append("    " + ", ".join(f"0x{x:016x}" for x in chunk) + ",")
    L += ["}};", "", "inline constexpr std::array<std::uint8_t, word_count> lengths{{"]
    for i in range(0, WORD_COUNT, 32):
        L.append("    " + ",".join(str(len(e)) for e in enc[i : i + 32]) + ",")
    L += ["}};", ""]
    alphabet = sorted(set("".join(nfkd)))
    coded = non_ascii > 0 and len(alphabet) <= 256
    if coded:
        code = {c: i for i, c in enumerate(alphabet)}
        text = b"".join(bytes(code[c] for c in w) for w in nfkd) + b"\0" * 7
        L += [
            "/// The list's code points, ascending: `text` stores each code point as its index here.",
            f"inline constexpr std::size_t alphabet_size = {len(alphabet)};",
            "inline constexpr char32_t alphabet[alphabet_size] = {",
        ]
        for k in range(0, len(alphabet), 12):
            L.append("    " + ", ".join(f"0x{ord(c):04x}" for c in alphabet[k : k + 12]) + ",")
        L += ["};", ""]
        text_doc = ("/// The NFKD words concatenated, one byte per code point (its index in `alphabet`), then 8 zero\n"
                    "/// bytes. Word i starts after the coded bytes of words 0..i-1 (it ends when its UTF-8 reaches lengths[i]).")
    else:
        text = b"".join(enc) + b"\0" * 7  # + the literal's own NUL: 8 zero bytes
        L += ["/// No alphabet: `text` is UTF-8.", "inline constexpr std::size_t alphabet_size = 0;",
              "inline constexpr const char32_t* alphabet = nullptr;", ""]
        text_doc = "/// The NFKD words concatenated (word i starts at the sum of lengths[0..i)), then 8 zero bytes."
    L += [
        text_doc,
        f"inline constexpr std::size_t text_bytes = {len(text) + 1};",
        "inline constexpr char text[text_bytes] =",
    ]
    for k in range(0, len(text), 64):
        L.append("    " + cpp_string_literal(text[k : k + 64]))
    L[-1] += ";"
    L += ["", "/// NFKD words as string literals (tests, entropy -> mnemonic). Not for secret-dependent lookups."]
    L += ["inline constexpr std::array<std::string_view, word_count> words{{"]
    for i, e in enumerate(enc):
        L.append(f"    std::string_view{{{cpp_string_literal(e)}, {len(e)}}},")
    L += [
        "}};",
        "",
        "static_assert(word_stride % 8 == 0 && word_stride >= max_word_bytes && word_stride < max_word_bytes + 8);",
        "static_assert(packed.size() == word_count * word_stride / 8);",
        "",
        f"}}  // namespace {NAMESPACE}::{lang}",
        "",
    ]
    info = dict(
        max_word_bytes=max_bytes,
        word_stride=stride,
        sorted=is_sorted,
        out_of_order=out_of_order,
        changed_by_nfkd=changed_by_nfkd,
        non_ascii=non_ascii,
    )
    return "\n".join(L), info


def all_header(sources: list[tuple[str, str]]) -> str:
    L: list[str] = []
    L += generated_banner(sources)
    L += [
        "// All ten official BIP-39 wordlists, with a runtime-selectable view.",
        "#pragma once",
        "",
        "#include <array>",
        "#include <cstddef>",
        "#include <cstdint>",
        "#include <string_view>",
        "",
    ]
    L += [f"#include \"isolated_crypto/bip39/wordlists/{lang}.hpp\"" for lang in LANGUAGES]
    L += [
        "",
        f"namespace {NAMESPACE} {{",
        "",
        "enum class language {",
    ]
    L += [f"    {lang}," for lang in LANGUAGES]
    L += [
        "};",
        "",
        f"inline constexpr std::array<language, {len(LANGUAGES)}> all_languages{{{{",
    ]
    L += [f"    language::{lang}," for lang in LANGUAGES]
    L += [
        "}};",
        "",
        "/// Non-owning view of one wordlist (all pointers refer to the inline constexpr tables).",
        "/// The first five members are the stable interface; the rest are conveniences.",
        "struct wordlist_view {",
        "    std::string_view name;",
        "    std::size_t word_stride;          // bytes per padded word in `packed` (multiple of 8)",
        "    const std::uint64_t* packed;      // 2048 * word_stride / 8 little-endian limbs",
        "    const std::uint8_t* lengths;      // 2048 NFKD byte lengths",
        "    const std::string_view* words;    // 2048 NFKD words",
        "    std::size_t max_word_bytes;",
        "    std::string_view separator;       // U+3000 for japanese, \" \" otherwise",
        "    bool sorted;                      // byte-sorted; informational only",
        "    const char* text;                 // the words concatenated, then 8 zero bytes",
        "    const char32_t* alphabet;         // nullptr: `text` is UTF-8; else one byte per code point, an index here",
        "    std::size_t alphabet_size;",
        "};",
        "",
        "[[nodiscard]] constexpr wordlist_view get(language lang) noexcept {",
        "    switch (lang) {",
    ]
    for lang in LANGUAGES:
        L.append(
            f"        case language::{lang}: return {{{lang}::name, {lang}::word_stride, {lang}::packed.data(), "
            f"{lang}::lengths.data(), {lang}::words.data(), {lang}::max_word_bytes, {lang}::separator, {lang}::sorted, "
            f"{lang}::text, {lang}::alphabet, {lang}::alphabet_size}};"
        )
    L += [
        "    }",
        "    return {};  // unreachable for valid enumerators",
        "}",
        "",
        f"}}  // namespace {NAMESPACE}",
        "",
    ]
    return "\n".join(L)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", nargs="?", default=None, help=f"directory with wordlist-<language>.txt (default: <repo>/{DEFAULT_SRC})")
    ap.add_argument("--out", default=None, help=f"output directory (default: <repo>/{DEFAULT_OUT})")
    args = ap.parse_args()

    src = Path(args.src) if args.src is not None else (REPO_ROOT / DEFAULT_SRC)
    out = Path(args.out) if args.out is not None else (REPO_ROOT / DEFAULT_OUT)
    src = src.resolve()
    if not src.is_dir():
        die(f"wordlist directory not found: {src}")
    out.mkdir(parents=True, exist_ok=True)

    sources: list[tuple[str, str]] = []
    total = 0
    print(f"{'language':<20} {'max_word_bytes':>14} {'word_stride':>11} {'sorted':>7} {'nfkd!=src':>9} {'non-ascii':>9} {'bytes':>9}")
    for lang in LANGUAGES:
        src_name = f"wordlist-{lang}.txt"
        words, raw = read_wordlist(src / src_name)
        sources.append((src_name, hashlib.sha256(raw).hexdigest()))
        text, info = language_header(lang, src_name, raw, words)
        text.encode("ascii")  # raises if anything non-ASCII slipped through
        path = out / f"{lang}.hpp"
        path.write_bytes(text.encode("ascii"))
        size = path.stat().st_size
        total += size
        print(
            f"{lang:<20} {info['max_word_bytes']:>14} {info['word_stride']:>11} "
            f"{('yes' if info['sorted'] else 'no(' + str(info['out_of_order']) + ')'):>7} "
            f"{info['changed_by_nfkd']:>9} {info['non_ascii']:>9} {size:>9}"
        )
    text = all_header(sources)
    path = out / "all.hpp"
    path.write_bytes(text.encode("ascii"))
    total += path.stat().st_size
    print(f"{'all.hpp':<20} {'':>14} {'':>11} {'':>7} {'':>9} {'':>9} {path.stat().st_size:>9}")
    print(f"total size of generated headers: {total} bytes ({total / 1024:.1f} KiB) in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
