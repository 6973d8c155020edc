// Reads the `object_types` section of a plugin's manifest (ABI 1.3): per object type, a label
// and the summary fields (JSON pointers with a label each) that user interfaces show for an
// object of that type. Every bad form refuses the plugin, naming the field.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>
#include <vector>

#include "hsd/engine/plugin_host.hpp"

namespace hsd::engine {

// Whether text is an RFC 6901 JSON pointer: "" or "/..." with "~" only in "~0" and "~1".
bool is_json_pointer(std::string_view text);

// manifest: the parsed manifest (null when the plugin has none), whose `object_types` key is
// read. declared: the plugin's object_types, in their order. Returns one entry per declared
// type, in that order, with the defaults (the type as label, no summary) for types the
// manifest does not mention.
Result<std::vector<ObjectTypeInfo>> parse_object_types(const Poco::JSON::Object::Ptr& manifest,
                                                       const std::vector<std::string>& declared,
                                                       const std::string& who);

}  // namespace hsd::engine
