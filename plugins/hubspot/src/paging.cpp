#include "paging.hpp"

#include <algorithm>

namespace hsd::plugins::hubspot {

CursorPager::CursorPager(int page_size, int max_page_size, support::FormFields fixed)
    : page_size_(std::clamp(page_size, 1, std::max(1, max_page_size))), fixed_(std::move(fixed)) {}

std::string CursorPager::query() const {
  support::FormFields fields{{"limit", std::to_string(page_size_)}};
  if (after_) fields.emplace_back("after", *after_);
  fields.insert(fields.end(), fixed_.begin(), fixed_.end());
  return support::form_encode(fields);
}

hsd::sdk::Result<bool> CursorPager::advance(const std::optional<std::string>& next_after) {
  ++pages_;
  if (!next_after || next_after->empty()) {
    done_ = true;
    return false;
  }
  if (!seen_.insert(*next_after).second) {
    done_ = true;
    hsd::sdk::Failure failure;
    failure.status = HSD_ERR_UNAVAILABLE;
    failure.code = "PAGING_LOOP";
    failure.message = "HubSpot returned the same paging cursor twice after " + std::to_string(pages_) +
                      " pages; the listing was stopped to avoid an endless loop";
    return failure;
  }
  after_ = next_after;
  return true;
}

}  // namespace hsd::plugins::hubspot
