// Errors about a comparison's side become 422s naming the side's field, whatever the domain
// called them; other errors pass unchanged.
#include <gtest/gtest.h>

#include "service/api.hpp"
#include "service/side_errors.hpp"

namespace hsd::engine::service {
namespace {

TEST(SideErrors, AMissingSideIsBadInputNamingIt) {
  auto error = side_field_error(make_error(ErrorCode::not_found, "right: backup 9 not found"), {"left", "right"});
  EXPECT_EQ(error.code, ErrorCode::invalid_argument);
  EXPECT_EQ(http_status_for(error), 422);
  EXPECT_EQ(error.message, "right: backup 9 not found");
  EXPECT_NE(error.details_json.find("\"right\""), std::string::npos) << error.details_json;
}

TEST(SideErrors, NestedAndIndexedFieldsKeepTheirWholeName) {
  auto snapshot = side_field_error(make_error(ErrorCode::invalid_argument, "left.snapshot: must be a snapshot id"),
                                   {"left", "right"});
  EXPECT_NE(snapshot.details_json.find("\"left.snapshot\""), std::string::npos) << snapshot.details_json;
  auto type = side_field_error(make_error(ErrorCode::invalid_argument, "types[1]: 'x' is not a type"), {"types"});
  EXPECT_NE(type.details_json.find("\"types[1]\""), std::string::npos) << type.details_json;
}

TEST(SideErrors, OtherErrorsPassUnchanged) {
  // A field that merely starts like a side's name, a conflict, and storage trouble.
  auto leftover = side_field_error(make_error(ErrorCode::not_found, "leftover: gone"), {"left"});
  EXPECT_EQ(leftover.code, ErrorCode::not_found);
  auto conflict = side_field_error(make_error(ErrorCode::conflict, "left: busy"), {"left"});
  EXPECT_EQ(conflict.code, ErrorCode::conflict);
  auto spaced = side_field_error(make_error(ErrorCode::not_found, "left side of it: gone"), {"left"});
  EXPECT_EQ(spaced.code, ErrorCode::not_found);
  auto down = side_field_error(make_error(ErrorCode::unavailable, "database is locked"), {"left"});
  EXPECT_EQ(down.code, ErrorCode::unavailable);
}

}  // namespace
}  // namespace hsd::engine::service
