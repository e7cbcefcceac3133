// Base64 as Java writes and reads it (RFC 4648 standard alphabet, '=' padding): the text
// java.util.Base64.getEncoder() and Jackson produce for bytes, which the JSON converter and the
// Cast transform must reproduce exactly. Pure functions; any thread may call.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace connectd {

// The number of characters the padded encoding of `byte_count` bytes has.
size_t Base64EncodedLength(size_t byte_count);

// Writes the Base64EncodedLength(bytes.size()) characters encoding `bytes` to `out` (no
// terminating NUL). `out` must have room for them; it is owned by the caller. Lets a writer
// encode straight into its own buffer.
void EncodeBase64(std::string_view bytes, char* out);

// The padded encoding of `bytes`.
std::string Base64(std::string_view bytes);

// Decodes padded or unpadded text into *out (replacing its contents). Returns false, with *out
// unspecified, on a character outside the alphabet or a length no encoding has.
bool DecodeBase64(std::string_view text, std::string* out);

}  // namespace connectd
