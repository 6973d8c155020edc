#include "paging.hpp"

#include <algorithm>

namespace hsd::fakes::github_detail {
namespace {

int positive(const std::optional<std::string>& text, int fallback) {
  if (!text) return fallback;
  try {
    const int value = std::stoi(*text);
    return value > 0 ? value : fallback;
  } catch (const std::exception&) {
    return fallback;
  }
}

std::string page_url(const Request& request, const std::string& base_url, int per_page, int page) {
  std::string query;
  for (const auto& [key, value] : request.query) {
    if (key == "page" || key == "per_page") continue;
    query += common::url_encode(key) + "=" + common::url_encode(value) + "&";
  }
  return base_url + "?" + query + "per_page=" + std::to_string(per_page) + "&page=" + std::to_string(page);
}

}  // namespace

Page paginate(const Request& request, std::size_t total) {
  Page p;
  p.per_page = std::min(positive(request.param("per_page"), 30), 100);
  p.page = positive(request.param("page"), 1);
  p.last_page = std::max(1, static_cast<int>((total + p.per_page - 1) / p.per_page));
  p.begin = std::min(total, static_cast<std::size_t>(p.page - 1) * p.per_page);
  p.end = std::min(total, p.begin + p.per_page);
  return p;
}

void add_link_header(Reply& reply, const Request& request, const Page& page, const std::string& base_url) {
  if (page.last_page <= 1) return;
  std::vector<std::string> links;
  auto link = [&](int n, const char* rel) {
    links.push_back("<" + page_url(request, base_url, page.per_page, n) + ">; rel=\"" + rel + "\"");
  };
  if (page.page > 1) link(std::min(page.page - 1, page.last_page), "prev");
  if (page.page < page.last_page) {
    link(page.page + 1, "next");
    link(page.last_page, "last");
  }
  if (page.page > 1) link(1, "first");
  std::string value;
  for (const auto& l : links) value += (value.empty() ? "" : ", ") + l;
  reply.headers.emplace_back("Link", value);
}

}  // namespace hsd::fakes::github_detail
