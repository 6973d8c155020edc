#include "hsd/engine/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string_view>
#include <type_traits>

namespace hsd::engine::metrics {
namespace {

bool valid_name(std::string_view name, bool allow_colon) {
  auto is_start = [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (allow_colon && c == ':');
  };
  if (name.empty() || !is_start(name.front())) return false;
  return std::all_of(name.begin() + 1, name.end(),
                     [&](char c) { return is_start(c) || (c >= '0' && c <= '9'); });
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// Prometheus parses any float, but people read this output too: integers appear without an
// exponent ("1000000", not "1e+06") and typical latencies as plain decimals ("0.005").
void append_value(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
    return;
  }
  if (value == 0) {
    out += '0';  // also for -0
    return;
  }
  char buffer[64];
  double magnitude = std::fabs(value);
  auto result = magnitude >= 1e-4 && magnitude < 1e15
                    ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
                    : std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void append_escaped(std::string& out, std::string_view text, bool escape_quote) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && escape_quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

// Writes `name{a="x",b="y"[,le="0.5"]} value` and a newline.
void append_sample(std::string& out, std::string_view name, const std::vector<std::string>& names,
                   const std::vector<std::string>& values, double value,
                   const std::string* le = nullptr) {
  out += name;
  if (!names.empty() || le) {
    out += '{';
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i > 0) out += ',';
      out += names[i];
      out += "=\"";
      append_escaped(out, values[i], true);
      out += '"';
    }
    if (le) {
      if (!names.empty()) out += ',';
      out += "le=\"";
      out += *le;
      out += '"';
    }
    out += '}';
  }
  out += ' ';
  append_value(out, value);
  out += '\n';
}

class CallbackGauge final : public detail::Family {
 public:
  CallbackGauge(std::string name, std::string help, std::vector<std::string> label_names,
                std::function<Registry::GaugeSamples()> callback)
      : Family(std::move(name), std::move(help), std::move(label_names)),
        callback_(std::move(callback)) {}

  const char* type_name() const override { return "gauge"; }

  void render_samples(std::string& out) const override {
    Registry::GaugeSamples samples;
    try {
      samples = callback_();
    } catch (...) {
      // The callback reads live state (often the database); whatever it throws, the rest of
      // the scrape must still be served, so this metric is simply absent this time.
      return;
    }
    std::sort(samples.begin(), samples.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    // Prometheus rejects a whole scrape over one malformed series, so drop the metric instead.
    for (std::size_t i = 0; i < samples.size(); ++i) {
      if (samples[i].first.size() != label_names().size()) return;
      if (i > 0 && samples[i].first == samples[i - 1].first) return;
    }
    for (const auto& [values, value] : samples)
      append_sample(out, name(), label_names(), values, value);
  }

 private:
  std::function<Registry::GaugeSamples()> callback_;
};

}  // namespace

const std::vector<double>& http_latency_buckets() {
  static const std::vector<double> buckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                           0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return buckets;
}

void CounterCell::inc(double amount) {
  if (!(amount >= 0)) throw std::invalid_argument("a counter increment must be >= 0");
  value_.fetch_add(amount, std::memory_order_relaxed);
}

HistogramCell::HistogramCell(std::span<const double> bounds)
    : bounds_(bounds), counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds.size() + 1)) {}

void HistogramCell::observe(double value) {
  // Buckets are inclusive upper bounds ("le"); NaN matches none and lands in +Inf.
  auto it = std::partition_point(bounds_.begin(), bounds_.end(),
                                 [&](double bound) { return !(bound >= value); });
  counts_[static_cast<std::size_t>(it - bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

std::uint64_t HistogramCell::count() const {
  return cumulative_counts().back();
}

std::vector<std::uint64_t> HistogramCell::cumulative_counts() const {
  std::vector<std::uint64_t> out(bounds_.size() + 1);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    total += counts_[i].load(std::memory_order_relaxed);
    out[i] = total;
  }
  return out;
}

namespace detail {

Family::Family(std::string name, std::string help, std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {
  if (!valid_name(name_, true))
    throw std::invalid_argument("invalid metric name '" + name_ + "'");
  for (std::size_t i = 0; i < label_names_.size(); ++i) {
    const auto& label = label_names_[i];
    if (!valid_name(label, false) || label.starts_with("__"))
      throw std::invalid_argument("metric '" + name_ + "': invalid label name '" + label + "'");
    if (std::find(label_names_.begin(), label_names_.begin() + i, label) !=
        label_names_.begin() + i)
      throw std::invalid_argument("metric '" + name_ + "': duplicate label name '" + label + "'");
  }
}

void Family::check_label_count(std::size_t count) const {
  if (count != label_names_.size())
    throw std::invalid_argument("metric '" + name_ + "' takes " +
                                std::to_string(label_names_.size()) + " label values (" +
                                join(label_names_) + "), got " + std::to_string(count));
}

}  // namespace detail

std::unique_ptr<CounterCell> Counter::make_cell() const { return std::make_unique<CounterCell>(); }

void Counter::render_samples(std::string& out) const {
  for_each_cell([&](const std::vector<std::string>& values, const CounterCell& cell) {
    append_sample(out, name(), label_names(), values, cell.value());
  });
}

std::unique_ptr<GaugeCell> Gauge::make_cell() const { return std::make_unique<GaugeCell>(); }

void Gauge::render_samples(std::string& out) const {
  for_each_cell([&](const std::vector<std::string>& values, const GaugeCell& cell) {
    append_sample(out, name(), label_names(), values, cell.value());
  });
}

Histogram::Histogram(std::string name, std::string help, std::vector<std::string> label_names,
                     std::vector<double> bounds)
    : CellFamily(std::move(name), std::move(help), std::move(label_names)),
      bounds_(std::move(bounds)) {
  if (std::find(this->label_names().begin(), this->label_names().end(), "le") !=
      this->label_names().end())
    throw std::invalid_argument("histogram '" + this->name() + "': label name 'le' is reserved");
  if (!bounds_.empty() && std::isinf(bounds_.back()) && bounds_.back() > 0) bounds_.pop_back();
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    if (std::isnan(bounds_[i]) || (i > 0 && !(bounds_[i - 1] < bounds_[i])))
      throw std::invalid_argument("histogram '" + this->name() +
                                  "': bucket bounds must increase strictly");
  }
}

std::unique_ptr<HistogramCell> Histogram::make_cell() const {
  return std::make_unique<HistogramCell>(bounds_);
}

void Histogram::render_samples(std::string& out) const {
  std::vector<std::string> les;
  for (double bound : bounds_) {
    std::string le;
    append_value(le, bound);
    les.push_back(std::move(le));
  }
  les.push_back("+Inf");
  const std::string bucket_name = name() + "_bucket";
  for_each_cell([&](const std::vector<std::string>& values, const HistogramCell& cell) {
    auto counts = cell.cumulative_counts();
    for (std::size_t i = 0; i < counts.size(); ++i)
      append_sample(out, bucket_name, label_names(), values, static_cast<double>(counts[i]),
                    &les[i]);
    append_sample(out, name() + "_sum", label_names(), values, cell.sum());
    append_sample(out, name() + "_count", label_names(), values,
                  static_cast<double>(counts.back()));
  });
}

Registry& Registry::global() {
  // Leaked on purpose: worker threads may still count while static destructors run at exit.
  static Registry* registry = new Registry;
  return *registry;
}

template <class F>
F& Registry::find_or_add(std::unique_ptr<F> fresh) {
  std::lock_guard lock(mutex_);
  auto it = families_.find(fresh->name());
  if (it == families_.end()) {
    F& family = *fresh;
    families_.emplace(family.name(), std::move(fresh));
    if (family.label_names().empty()) family.with({});
    return family;
  }
  auto* existing = dynamic_cast<F*>(it->second.get());
  bool same = existing && existing->label_names() == fresh->label_names();
  if constexpr (std::is_same_v<F, Histogram>) same = same && existing->bounds() == fresh->bounds();
  if (!same)
    throw std::logic_error("metric '" + fresh->name() + "' is already registered as a " +
                           it->second->type_name() + " with labels (" +
                           join(it->second->label_names()) + "); it cannot be registered again" +
                           " as a " + fresh->type_name() + " with labels (" +
                           join(fresh->label_names()) + ") or other buckets");
  return *existing;
}

Counter& Registry::counter(std::string name, std::string help,
                           std::vector<std::string> label_names) {
  return find_or_add(
      std::make_unique<Counter>(std::move(name), std::move(help), std::move(label_names)));
}

Gauge& Registry::gauge(std::string name, std::string help, std::vector<std::string> label_names) {
  return find_or_add(
      std::make_unique<Gauge>(std::move(name), std::move(help), std::move(label_names)));
}

Histogram& Registry::histogram(std::string name, std::string help,
                               std::vector<std::string> label_names, std::vector<double> bounds) {
  return find_or_add(std::make_unique<Histogram>(std::move(name), std::move(help),
                                                 std::move(label_names), std::move(bounds)));
}

void Registry::add_gauge_callback(std::string name, std::string help,
                                  std::vector<std::string> label_names,
                                  std::function<GaugeSamples()> callback) {
  auto family = std::make_unique<CallbackGauge>(std::move(name), std::move(help),
                                                std::move(label_names), std::move(callback));
  std::lock_guard lock(mutex_);
  if (families_.contains(family->name()))
    throw std::logic_error("metric '" + family->name() + "' is already registered");
  families_.emplace(family->name(), std::move(family));
}

std::string Registry::render() const {
  // Families are never removed, so the pointers outlive the lock; rendering without it keeps
  // slow callbacks from blocking registration, and a callback may even register metrics.
  std::vector<const detail::Family*> families;
  {
    std::lock_guard lock(mutex_);
    families.reserve(families_.size());
    for (const auto& [name, family] : families_) families.push_back(family.get());
  }
  std::string out;
  for (const auto* family : families) {
    std::string samples;
    family->render_samples(samples);
    if (samples.empty()) continue;
    if (!family->help().empty()) {
      out += "# HELP ";
      out += family->name();
      out += ' ';
      append_escaped(out, family->help(), false);
      out += '\n';
    }
    out += "# TYPE ";
    out += family->name();
    out += ' ';
    out += family->type_name();
    out += '\n';
    out += samples;
  }
  return out;
}

}  // namespace hsd::engine::metrics
