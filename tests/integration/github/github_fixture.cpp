#include "github_fixture.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>


extern char** environ;

namespace hsd::testing {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string yaml_string(const std::string& text) { return "\"" + text + "\""; }

}  // namespace

Object::Ptr gh_parse_object(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Object::Ptr>();
}

Array::Ptr gh_parse_array(const std::string& text) { return Poco::JSON::Parser().parse(text).extract<Array::Ptr>(); }

std::string canonical_json(const std::string& text) {
  // Poco's default objects keep their keys sorted, so stringifying a parse is canonical.
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(Poco::JSON::Parser().parse(text), out);
  return out.str();
}

std::vector<std::string> string_values(const Object::Ptr& object, const std::string& key) {
  std::vector<std::string> out;
  auto array = object ? object->getArray(key) : nullptr;
  for (unsigned i = 0; array && i < array->size(); ++i) out.push_back(array->getElement<std::string>(i));
  return out;
}

ProcessResult run_process(const std::vector<std::string>& argv_in, const std::filesystem::path& scratch) {
  static std::atomic<int> counter{0};
  const int n = ++counter;
  const auto out_path = scratch / ("proc_" + std::to_string(n) + ".out");
  const auto err_path = scratch / ("proc_" + std::to_string(n) + ".err");
  std::vector<std::string> storage = argv_in;
  std::vector<char*> argv;
  for (auto& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " + argv_in.front());
  int status = 0;
  ::waitpid(pid, &status, 0);
  ProcessResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  std::error_code ec;
  std::filesystem::remove(out_path, ec);
  std::filesystem::remove(err_path, ec);
  return result;
}

void GitHubCliTest::start(GitHubSettings settings) {
  fakes::FakeGitHubOptions options;
  options.device_interval = settings.device_interval;
  options.expiring_tokens = settings.expiring_tokens;
  options.token_lifetime = settings.token_lifetime;
  options.recent_requests = 5000;
  gh_ = std::make_unique<fakes::FakeGitHub>(options);
  gh_->start();
  hs_ = std::make_unique<HubSpotSource>();

  fakes::UserSpec org;
  org.login = kOrg;
  org.type = "Organization";
  org.name = "Acme Inc.";
  gh_->create_user(org);
  fakes::UserSpec user;
  user.login = kUser;
  user.name = "The Octocat";
  user.orgs = {kOrg};
  gh_->create_user(user);

  std::ostringstream config;
  config << "connectors:\n"
         << "  hubspot:\n"
         << "    api_base_url: " << yaml_string(hs_->base_url()) << "\n"
         << "    auth_base_url: " << yaml_string(hs_->base_url()) << "\n"
         << "    rate_limit: 0\n"
         << "  github:\n"
         << "    client_id: " << yaml_string(options.client_id) << "\n"
         << "    client_secret: " << yaml_string(options.client_secret) << "\n"
         << "    api_base_url: " << yaml_string(gh_->api_url()) << "\n"
         << "    web_base_url: " << yaml_string(gh_->base_url()) << "\n"
         << "    max_rate_limit_wait_seconds: " << settings.max_rate_limit_wait_seconds << "\n";
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  cli_ = std::make_unique<CliRunner>(std::string("github_") + info->test_suite_name() + "_" + info->name(),
                                     config.str());
  scratch_ = cli_->dir() / "scratch";
  std::filesystem::create_directories(scratch_);
}

void GitHubCliTest::TearDown() {
  if (!cli_) return;
  for (const auto& secret : secrets_) {
    for (const auto& result : results_) {
      EXPECT_EQ(result.out.find(secret), std::string::npos) << "a token is in hsdeploy's stdout:\n" << result.out;
      EXPECT_EQ(result.err.find(secret), std::string::npos) << "a token is in hsdeploy's stderr:\n" << result.err;
    }
    for (const auto& request : gh_->stats().recent) {
      EXPECT_EQ(request.target.find(secret), std::string::npos) << "a token is in a URL: " << request.target;
    }
    for (const auto& [path, text] : mirror_configs()) {
      EXPECT_EQ(text.find(secret), std::string::npos) << "a token is in " << path;
    }
  }
  for (const auto& [path, text] : mirror_configs()) {
    // No credentials in a remote URL of any kind (user:password@host).
    EXPECT_EQ(text.find("@127.0.0.1"), std::string::npos) << path << ":\n" << text;
    EXPECT_EQ(text.find("x-access-token"), std::string::npos) << path << ":\n" << text;
  }
}

CliResult GitHubCliTest::run(const std::vector<std::string>& args) {
  auto result = cli_->run(args);
  results_.push_back(result);
  return result;
}

CliResult GitHubCliTest::run(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  auto result = cli_->run(args, env);
  results_.push_back(result);
  return result;
}

Object::Ptr GitHubCliTest::run_json_object(const std::vector<std::string>& args) {
  auto full = args;
  full.emplace_back("--output");
  full.emplace_back("json");
  auto result = run(full);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  if (result.exit_code != 0) throw std::runtime_error("hsdeploy failed: " + result.err);
  return gh_parse_object(result.out);
}

Array::Ptr GitHubCliTest::run_json_array(const std::vector<std::string>& args) {
  auto full = args;
  full.emplace_back("--output");
  full.emplace_back("json");
  auto result = run(full);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  if (result.exit_code != 0) throw std::runtime_error("hsdeploy failed: " + result.err);
  return gh_parse_array(result.out);
}

std::string GitHubCliTest::classic_token(const std::vector<std::string>& scopes, const std::string& login) {
  fakes::TokenSpec spec;
  spec.login = login;
  spec.kind = fakes::TokenKind::kClassic;
  spec.scopes = scopes;
  auto token = gh_->create_token(spec);
  add_secret(token);
  return token;
}

std::string GitHubCliTest::fine_grained_token(const std::vector<std::int64_t>& repository_ids, bool all) {
  fakes::TokenSpec spec;
  spec.login = kUser;
  spec.kind = fakes::TokenKind::kFineGrained;
  spec.repository_ids = repository_ids;
  spec.all_repositories = all;
  auto token = gh_->create_token(spec);
  add_secret(token);
  return token;
}

CliResult GitHubCliTest::connect_github(const std::string& token, const std::string& label) {
  std::vector<std::string> args{"connect", "github", "--token", token, "--output", "json"};
  if (!label.empty()) {
    args.emplace_back("--label");
    args.push_back(label);
  }
  return run(args);
}

Object::Ptr GitHubCliTest::connect_github_ok(const std::string& token, const std::string& label) {
  auto result = connect_github(token, label);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  if (result.exit_code != 0) throw std::runtime_error("connect github failed: " + result.err);
  return gh_parse_object(result.out);
}

Array::Ptr GitHubCliTest::connections() { return run_json_array({"connections", "list"}); }

fakes::CreatedRepo GitHubCliTest::create_repo(const std::string& owner, const std::string& name, bool is_private,
                                              std::vector<std::string> branches, bool empty) {
  fakes::RepoSpec spec;
  spec.owner = owner;
  spec.name = name;
  spec.is_private = is_private;
  spec.branches = std::move(branches);
  spec.empty = empty;
  return gh_->create_repo(spec);
}

CliResult GitHubCliTest::add_repo(const std::string& full_name, const std::string& branch,
                                  const std::string& connection) {
  std::vector<std::string> args{"repos", "add", "--connection", connection, full_name, "--output", "json"};
  if (!branch.empty()) {
    args.emplace_back("--branch");
    args.push_back(branch);
  }
  return run(args);
}

Object::Ptr GitHubCliTest::add_repo_ok(const std::string& full_name, const std::string& branch,
                                       const std::string& connection) {
  auto result = add_repo(full_name, branch, connection);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  if (result.exit_code != 0) throw std::runtime_error("repos add failed: " + result.err);
  return gh_parse_object(result.out);
}

Array::Ptr GitHubCliTest::repos_list() { return run_json_array({"repos", "list"}); }

Object::Ptr GitHubCliTest::stored_repo(std::int64_t id) {
  auto list = repos_list();
  for (unsigned i = 0; i < list->size(); ++i) {
    auto repo = list->getObject(i);
    if (repo->getValue<std::int64_t>("id") == id) return repo;
  }
  return nullptr;
}

void GitHubCliTest::connect_portal() {
  hs_->add_private_app_token(kPortalToken);
  add_secret(kPortalToken);
  auto connected = run({"connect", "hubspot", "--private-app-token", kPortalToken, "--label", "Portal"});
  ASSERT_EQ(connected.exit_code, 0) << connected.err;
  auto retrieved = retrieve();
  ASSERT_EQ(retrieved.exit_code, 0) << retrieved.err;
}

CliResult GitHubCliTest::retrieve() { return run({"run", "retrieve", "--connection", "Portal", "--output", "json"}); }

std::map<ObjectKey, std::string> GitHubCliTest::stored_hashes(const std::string& connection) {
  std::map<ObjectKey, std::string> out;
  auto list = run_json_array({"metadata", "list", "--connection", connection});
  for (unsigned i = 0; i < list->size(); ++i) {
    auto o = list->getObject(i);
    out[{o->getValue<std::string>("type"), o->getValue<std::string>("id")}] = o->getValue<std::string>("hash");
  }
  return out;
}

std::string GitHubCliTest::account_folder(const std::string& path) const {
  return (path.empty() ? "" : path + "/") + "hubspot/" + std::to_string(hs_->hub_id());
}

CliResult GitHubCliTest::add_backup(const std::string& full_name, const std::vector<std::string>& extra,
                                    const std::string& source) {
  std::vector<std::string> args{"backups", "add", "--source", source, "--repo", full_name};
  args.insert(args.end(), extra.begin(), extra.end());
  args.emplace_back("--output");
  args.emplace_back("json");
  return run(args);
}

Object::Ptr GitHubCliTest::add_backup_ok(const std::string& full_name, const std::vector<std::string>& extra) {
  auto result = add_backup(full_name, extra);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  if (result.exit_code != 0) throw std::runtime_error("backups add failed: " + result.err);
  return gh_parse_object(result.out);
}

Array::Ptr GitHubCliTest::backups_list() { return run_json_array({"backups", "list"}); }

std::pair<CliResult, Object::Ptr> GitHubCliTest::run_backup(std::int64_t id) {
  auto result = run({"backups", "run", std::to_string(id), "--output", "json"});
  Object::Ptr record;
  try {
    auto array = gh_parse_array(result.out);
    if (array->size() == 1) record = array->getObject(0);
  } catch (const std::exception&) {
  }
  return {result, record};
}

Array::Ptr GitHubCliTest::backup_runs(std::int64_t id) {
  return run_json_array({"backups", "runs", std::to_string(id)});
}

ProcessResult GitHubCliTest::git(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"git", "-c", "user.name=Someone Else", "-c", "user.email=else@example.com",
                                "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, scratch_);
}

std::string GitHubCliTest::tip(const std::string& repo_path, const std::string& branch) {
  auto result = git({"--git-dir=" + repo_path, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch});
  if (result.exit_code != 0) return "";
  auto sha = result.out;
  while (!sha.empty() && (sha.back() == '\n' || sha.back() == '\r')) sha.pop_back();
  return sha;
}

std::set<std::string> GitHubCliTest::ls_tree(const std::string& repo_path, const std::string& rev) {
  auto result = git({"--git-dir=" + repo_path, "ls-tree", "-r", "--name-only", "-z", rev});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::set<std::string> out;
  std::string current;
  for (char c : result.out) {
    if (c == '\0') {
      if (!current.empty()) out.insert(current);
      current.clear();
    } else {
      current += c;
    }
  }
  return out;
}

std::string GitHubCliTest::show(const std::string& repo_path, const std::string& rev_and_path) {
  auto result = git({"--git-dir=" + repo_path, "show", rev_and_path});
  EXPECT_EQ(result.exit_code, 0) << rev_and_path << ": " << result.err;
  return result.out;
}

std::map<std::string, std::string> GitHubCliTest::diff_tree(const std::string& repo_path, const std::string& from,
                                                            const std::string& to) {
  auto result = git({"--git-dir=" + repo_path, "diff-tree", "-r", "--no-renames", "--name-status", "-z", from, to});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> fields;
  std::string current;
  for (char c : result.out) {
    if (c == '\0') {
      fields.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i + 1 < fields.size(); i += 2) out[fields[i + 1]] = fields[i];
  return out;
}

int GitHubCliTest::commit_count(const std::string& repo_path, const std::string& rev) {
  auto result = git({"--git-dir=" + repo_path, "rev-list", "--count", rev});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.exit_code == 0 ? std::stoi(result.out) : -1;
}

std::vector<std::pair<std::filesystem::path, std::string>> GitHubCliTest::mirror_configs() const {
  std::vector<std::pair<std::filesystem::path, std::string>> out;
  const auto root = cli_->dir() / "var" / "plugin-data" / "github" / "mirrors";
  std::error_code ec;
  if (!std::filesystem::exists(root, ec)) return out;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().filename() == "config") out.emplace_back(it->path(), read_file(it->path()));
  }
  return out;
}

int GitHubCliTest::gh_requests(const std::string& route) const {
  const auto stats = gh_->stats();
  const auto found = stats.by_route.find(route);
  return found == stats.by_route.end() ? 0 : found->second;
}

int GitHubCliTest::gh_git_requests() const {
  int n = 0;
  for (const auto& [route, count] : gh_->stats().by_route) {
    if (route.find("/info/refs") != std::string::npos || route.find("/git-upload-pack") != std::string::npos ||
        route.find("/git-receive-pack") != std::string::npos) {
      n += count;
    }
  }
  return n;
}

}  // namespace hsd::testing
