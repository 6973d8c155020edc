// Runs the real hsdeploy binary in a scratch folder with its own engine.yaml, and captures
// its exit code, stdout and stderr.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace hsd::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class CliRunner {
 public:
  // Creates a scratch folder with config/engine.yaml pointing at the built plugins, the
  // shipped pipelines and a database inside the folder. extra_config is appended to that
  // engine.yaml as it is (e.g. a `connectors:` block pointing a plugin at a fake server).
  explicit CliRunner(const std::string& name, const std::string& extra_config = "");
  ~CliRunner();

  CliResult run(const std::vector<std::string>& args,
                const std::map<std::string, std::string>& extra_env = {}) const;

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path config_file() const { return dir_ / "config" / "engine.yaml"; }

 private:
  std::filesystem::path dir_;
};

}  // namespace hsd::testing
