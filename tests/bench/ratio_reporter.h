// Benchmarks report ratios against a baseline measured in the same run: each
// benchmark names its baseline with a "baseline=NAME" label; after the usual
// table this reporter prints, per benchmark, its throughput over the
// baseline's (higher is better).
#pragma once

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace cephwire::bench {

// Google Benchmark 1.8 replaced Run::error_occurred with Run::skipped.
template <typename R>
bool failed(const R& r) {
  if constexpr (requires { r.error_occurred; }) return r.error_occurred;
  else return static_cast<bool>(r.skipped);
}

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs) {
      if (r.run_type != Run::RT_Iteration || failed(r)) continue;
      Result res;
      res.label = r.report_label;
      auto it = r.counters.find("bytes_per_second");
      auto items = r.counters.find("items_per_second");
      if (it != r.counters.end()) res.rate = it->second, res.unit = "B/s";
      else if (items != r.counters.end()) res.rate = items->second, res.unit = "items/s";
      else res.rate = 1.0 / (r.GetAdjustedRealTime() > 0 ? r.GetAdjustedRealTime() : 1), res.unit = "1/t";
      results_[r.benchmark_name()] = res;
      order_.push_back(r.benchmark_name());
    }
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    std::printf("\n%-55s %14s %12s  %s\n", "benchmark", "rate", "vs baseline", "baseline");
    for (const auto& name : order_) {
      const Result& r = results_[name];
      std::string base = baseline_of(r.label, name);
      auto b = results_.find(base);
      if (base.empty() || b == results_.end()) {
        std::printf("%-55s %11.3g %-2s %12s\n", name.c_str(), r.rate, r.unit.c_str(), "(baseline)");
        continue;
      }
      std::printf("%-55s %11.3g %-2s %11.2fx  %s\n", name.c_str(), r.rate, r.unit.c_str(), r.rate / b->second.rate,
                  base.c_str());
    }
  }

 private:
  struct Result {
    double rate = 0;
    std::string unit;
    std::string label;
  };
  // "baseline=BM_Memcpy/4096": the argument suffix of this run is kept.
  static std::string baseline_of(const std::string& label, const std::string& name) {
    auto at = label.find("baseline=");
    if (at == std::string::npos) return {};
    std::string base = label.substr(at + 9);
    base = base.substr(0, base.find(' '));
    if (base.find('/') == std::string::npos) {
      auto slash = name.find('/');
      if (slash != std::string::npos) base += name.substr(slash);
    }
    return base;
  }
  std::map<std::string, Result> results_;
  std::vector<std::string> order_;
};

inline int run_with_ratios(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}

}  // namespace cephwire::bench
