// hsd-fake-hubspot: the fake HubSpot as a standalone server for the demo and scripts.
// Prints "listening on http://127.0.0.1:PORT" once ready (and writes --port-file), then
// serves until SIGINT/SIGTERM. Drive it through POST /__fake/... (see README.md).
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>

#include "hsd/fakes/common/standalone.hpp"
#include "hsd/fakes/fake_hubspot.hpp"

namespace {

constexpr const char* kUsage =
    "usage: hsd-fake-hubspot [--port N] [--seed N] [--size small|medium|large] [--rate-limit N]\n"
    "                        [--daily-limit N] [--token-lifetime SECONDS] [--pat TOKEN]...\n"
    "                        [--client-id ID] [--client-secret SECRET] [--redirect-uri URI]...\n"
    "                        [--hub-id N] [--rotate-refresh-tokens] [--sensitive-scopes]\n"
    "                        [--max-enum-options N] [--portal-variant default|staging]\n"
    "                        [--change-percent P] [--latency-ms N] [--threads N] [--port-file PATH]\n";

// The staging portal's hub id unless --hub-id says otherwise: another account than the default's.
constexpr std::uint64_t kStagingHubId = 62516;

}  // namespace

int main(int argc, char** argv) {
  hsd::fakes::FakeHubSpotOptions options;
  std::string port_file;
  bool hub_id_given = false;
  hsd::fakes::common::CommandLine args("hsd-fake-hubspot", kUsage, argc, argv);
  while (args.next()) {
    if (hsd::fakes::common::read_shared_flag(args, options, port_file)) continue;
    const std::string& flag = args.flag();
    if (flag == "--seed") {
      options.seed = static_cast<std::uint64_t>(args.number());
    } else if (flag == "--size") {
      const std::string size = args.value();
      if (size == "small")
        options.sizes = hsd::fakes::PortalSizes::small();
      else if (size == "medium")
        options.sizes = hsd::fakes::PortalSizes::medium();
      else if (size == "large")
        options.sizes = hsd::fakes::PortalSizes::large();
      else
        args.usage_error("--size must be small, medium or large");
    } else if (flag == "--max-enum-options") {
      // After --size: the largest enumerations' option count (bench/web makes a 1 MB property).
      options.sizes.max_enum_options = static_cast<int>(args.number());
    } else if (flag == "--portal-variant") {
      const std::string variant = args.value();
      if (variant == "default")
        options.portal_variant = hsd::fakes::PortalVariant::kDefault;
      else if (variant == "staging")
        options.portal_variant = hsd::fakes::PortalVariant::kStaging;
      else
        args.usage_error("--portal-variant must be default or staging");
    } else if (flag == "--change-percent") {
      // A share of the objects changed (bench/compare's second portal); double, 0-100.
      const std::string value = args.value();
      try {
        std::size_t used = 0;
        options.change_percent = std::stod(value, &used);
        if (used != value.size() || !(options.change_percent >= 0.0 && options.change_percent <= 100.0))
          throw std::invalid_argument(value);
      } catch (const std::exception&) {
        args.usage_error("--change-percent must be a number from 0 to 100, got '" + value + "'");
      }
    } else if (flag == "--rate-limit") {
      options.rate_limit = static_cast<int>(args.number());
    } else if (flag == "--latency-ms") {
      options.latency = std::chrono::milliseconds(args.number());
    } else if (flag == "--threads") {
      // Requests served at once; a delayed answer holds its thread (--latency-ms).
      const auto threads = args.number();
      if (threads < 1 || threads > 1024) args.usage_error("--threads must be from 1 to 1024");
      options.max_threads = static_cast<int>(threads);
    } else if (flag == "--daily-limit") {
      options.daily_limit = static_cast<long>(args.number());
    } else if (flag == "--token-lifetime") {
      options.access_token_lifetime = std::chrono::seconds(args.number());
    } else if (flag == "--pat") {
      options.private_app_tokens[args.value()] = options.granted_scopes;
    } else if (flag == "--hub-id") {
      options.hub_id = static_cast<std::uint64_t>(args.number());
      hub_id_given = true;
    } else if (flag == "--rotate-refresh-tokens") {
      options.rotate_refresh_tokens = true;
    } else if (flag == "--sensitive-scopes") {
      for (const char* s : {"crm.objects.contacts.sensitive.read.v2", "crm.objects.contacts.highly_sensitive.read.v2",
                            "crm.objects.deals.sensitive.read.v2", "crm.objects.deals.highly_sensitive.read.v2"})
        options.granted_scopes.emplace_back(s);
    } else if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      return 0;
    } else {
      args.usage_error("unknown flag " + flag);
    }
  }
  if (options.portal_variant == hsd::fakes::PortalVariant::kStaging && !hub_id_given) options.hub_id = kStagingHubId;
  return hsd::fakes::common::serve_until_signalled<hsd::fakes::FakeHubSpot>("hsd-fake-hubspot", options, port_file);
}
