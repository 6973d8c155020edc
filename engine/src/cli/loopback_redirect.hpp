// LoopbackRedirect receives the browser's redirect at the end of an OAuth consent, the way
// other command-line tools do: a one-request HTTP listener on 127.0.0.1, answering the browser
// with a page that says to return to the terminal.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "hsd/engine/result.hpp"

namespace hsd::engine::cli {

class LoopbackRedirect {
 public:
  using Params = std::map<std::string, std::string>;

  // Listens on 127.0.0.1:port (0: a free port) for a GET of path. A redirect_uri given by the
  // user must be http:// on 127.0.0.1 or localhost.
  static Result<std::unique_ptr<LoopbackRedirect>> start(const std::string& redirect_uri);
  ~LoopbackRedirect();

  // http://127.0.0.1:PORT/path, to register with the provider and pass to it.
  const std::string& redirect_uri() const;
  // The query parameters of the first request to the path (code, state, or error).
  Result<Params> wait(std::chrono::seconds timeout);

  struct Impl;

 private:
  explicit LoopbackRedirect(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hsd::engine::cli
