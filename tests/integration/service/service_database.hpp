// Direct access to a service's SQLite database, for tests that check what was stored or age a
// row (a session, a link, a token) without waiting real time. Each call opens the file, waits
// up to 10 s for the service's locks, and closes it again.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace hsd::testing {

// The first column of the query's first row; none when there is no row or it is NULL. Throws
// std::runtime_error for SQL that does not prepare or run.
std::optional<std::string> database_value(const std::filesystem::path& database, const std::string& query);

// Runs statements that return nothing; throws std::runtime_error when they fail.
void database_exec(const std::filesystem::path& database, const std::string& statements);

}  // namespace hsd::testing
