// Process metrics in the Prometheus text exposition format 0.0.4, for a /metrics endpoint.
// The HTTP server counts every request, so updating a cell never takes a lock: only the first
// lookup of a label combination does, and callers keep the returned reference afterwards.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace hsd::engine::metrics {

/** Upper bounds in seconds that cover HTTP latency from half a millisecond to ten seconds. */
const std::vector<double>& http_latency_buckets();

/** A monotonic value. Lock-free. */
class CounterCell {
 public:
  /** Throws std::invalid_argument if amount is negative or NaN: counters never go down. */
  void inc(double amount = 1);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

/** A value that goes up and down. Lock-free. */
class GaugeCell {
 public:
  void set(double value) { value_.store(value, std::memory_order_relaxed); }
  void inc(double amount = 1) { value_.fetch_add(amount, std::memory_order_relaxed); }
  void dec(double amount = 1) { value_.fetch_sub(amount, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

/** Observations counted into fixed buckets. Lock-free. */
class HistogramCell {
 public:
  /** bounds must outlive the cell; the owning Histogram guarantees that. */
  explicit HistogramCell(std::span<const double> bounds);
  void observe(double value);
  /** The number of observations; always equal to the +Inf bucket. */
  std::uint64_t count() const;
  double sum() const { return sum_.load(std::memory_order_relaxed); }
  /** One cumulative count per bound, then the +Inf bucket. */
  std::vector<std::uint64_t> cumulative_counts() const;

 private:
  std::span<const double> bounds_;
  // Per-bucket counts, not cumulative, with +Inf last. The count is derived from them so a
  // scrape racing an observe() never shows _count disagreeing with the +Inf bucket.
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

namespace detail {

/** What every metric family shares: its identity and how it renders. */
class Family {
 public:
  /** Throws std::invalid_argument for a name or label name Prometheus would reject. */
  Family(std::string name, std::string help, std::vector<std::string> label_names);
  virtual ~Family() = default;
  Family(const Family&) = delete;
  Family& operator=(const Family&) = delete;

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::string>& label_names() const { return label_names_; }
  virtual const char* type_name() const = 0;
  /** Appends the sample lines, sorted by label values; appends nothing when there are none. */
  virtual void render_samples(std::string& out) const = 0;

 protected:
  /** Throws std::invalid_argument naming the metric when the count differs from the names. */
  void check_label_count(std::size_t count) const;

 private:
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
};

template <class Cell>
class CellFamily : public Family {
 public:
  using Family::Family;

  /**
   * Returns the cell for these label values (in label-name order), creating it on first use.
   * LIFETIME: the reference stays valid as long as the registry, so keep it on hot paths.
   */
  Cell& with(const std::vector<std::string>& label_values) {
    check_label_count(label_values.size());
    std::lock_guard lock(mutex_);
    auto it = cells_.find(label_values);
    if (it == cells_.end()) it = cells_.emplace(label_values, make_cell()).first;
    return *it->second;
  }

 protected:
  virtual std::unique_ptr<Cell> make_cell() const = 0;

  template <class Fn>
  void for_each_cell(Fn&& fn) const {
    std::lock_guard lock(mutex_);
    for (const auto& [values, cell] : cells_) fn(values, *cell);
  }

 private:
  mutable std::mutex mutex_;
  // Sorted by label values, which is the order samples are rendered in.
  std::map<std::vector<std::string>, std::unique_ptr<Cell>> cells_;
};

}  // namespace detail

class Counter final : public detail::CellFamily<CounterCell> {
 public:
  using CellFamily::CellFamily;
  const char* type_name() const override { return "counter"; }
  void render_samples(std::string& out) const override;

 private:
  std::unique_ptr<CounterCell> make_cell() const override;
};

class Gauge final : public detail::CellFamily<GaugeCell> {
 public:
  using CellFamily::CellFamily;
  const char* type_name() const override { return "gauge"; }
  void render_samples(std::string& out) const override;

 private:
  std::unique_ptr<GaugeCell> make_cell() const override;
};

class Histogram final : public detail::CellFamily<HistogramCell> {
 public:
  /** Throws std::invalid_argument unless bounds increase strictly; a last +Inf is dropped. */
  Histogram(std::string name, std::string help, std::vector<std::string> label_names,
            std::vector<double> bounds);
  const std::vector<double>& bounds() const { return bounds_; }
  const char* type_name() const override { return "histogram"; }
  void render_samples(std::string& out) const override;

 private:
  std::unique_ptr<HistogramCell> make_cell() const override;
  std::vector<double> bounds_;
};

/**
 * Owns metric families by name and renders them for a scrape. Thread-safe.
 * Registering a name again returns the existing family; a different type, label names or
 * buckets is a programming error and throws std::logic_error. A family without labels
 * exposes its single cell (at 0) from the start.
 */
class Registry {
 public:
  using GaugeSamples = std::vector<std::pair<std::vector<std::string>, double>>;

  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  /** The process-wide registry served on /metrics. Never destroyed. */
  static Registry& global();

  Counter& counter(std::string name, std::string help, std::vector<std::string> label_names = {});
  Gauge& gauge(std::string name, std::string help, std::vector<std::string> label_names = {});
  Histogram& histogram(std::string name, std::string help,
                       std::vector<std::string> label_names = {},
                       std::vector<double> bounds = http_latency_buckets());

  /**
   * Exposes a gauge whose samples are computed at scrape time, e.g. jobs by state.
   * The callback runs on the scraping thread without any registry lock held. If it throws,
   * returns a wrong number of label values or a duplicate label set, the metric is left out
   * of that scrape. Throws std::logic_error if the name is already registered.
   */
  void add_gauge_callback(std::string name, std::string help,
                          std::vector<std::string> label_names,
                          std::function<GaugeSamples()> callback);

  /** The text exposition format 0.0.4, families sorted by name. */
  std::string render() const;

 private:
  template <class F>
  F& find_or_add(std::unique_ptr<F> fresh);

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<detail::Family>> families_;
};

}  // namespace hsd::engine::metrics
