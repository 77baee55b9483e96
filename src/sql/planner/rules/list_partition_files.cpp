// Rule: list the folders of catalog tables. A catalog table is bound without touching
// its files (TableSource::pending: the partitions' values and locations from the
// catalog); partition pruning runs first and drops the partitions whose values cannot
// match, then this rule lists the data files of the partitions left — in parallel,
// one task per partition folder — and gives each file its partition's values. The
// rules after it (join ordering reads Parquet statistics, the scan opens files) see an
// ordinary source of files.

#include <algorithm>
#include <filesystem>
#include <mutex>

#include "core/scheduler.h"
#include "sql/planner/optimizer.h"

namespace sluice::sql {
namespace {

/// Bytes of a data file per value, for guessing rows where the catalog has no
/// statistics (the same guess read_csv makes from a file's size).
constexpr uint64_t kBytesPerValue = 16;

uint64_t FileSize(const std::string& path) {
  std::error_code error;
  uint64_t bytes = std::filesystem::file_size(path, error);
  return error ? 0 : bytes;
}

/// The files of one partition, with its values and estimated rows: the catalog's row
/// count shared by size when known, else a guess from the sizes.
std::vector<SourceFile> PartitionFiles(const TableSource& source, const PendingPartition& partition) {
  std::vector<std::string> paths = source.pending->list_files(partition.location);
  std::vector<uint64_t> sizes;
  uint64_t total_bytes = 0;
  for (const std::string& path : paths) {
    sizes.push_back(FileSize(path));
    total_bytes += sizes.back();
  }
  uint64_t bytes_per_row = kBytesPerValue * std::max<size_t>(1, source.num_data_columns);
  std::vector<SourceFile> files;
  for (size_t i = 0; i < paths.size(); ++i) {
    SourceFile file = source.pending->file_template;
    file.path = paths[i];
    file.partition_values = partition.values;
    if (partition.rows >= 0 && total_bytes > 0) {
      file.estimated_rows = static_cast<uint64_t>(static_cast<double>(partition.rows) * static_cast<double>(sizes[i]) /
                                                  static_cast<double>(total_bytes));
    } else if (partition.rows >= 0) {
      file.estimated_rows = static_cast<uint64_t>(partition.rows) / paths.size();
    } else {
      file.estimated_rows = sizes[i] / bytes_per_row + 1;
    }
    files.push_back(std::move(file));
  }
  return files;
}

std::shared_ptr<const TableSource> ListFiles(const TableSource& source) {
  const std::vector<PendingPartition>& partitions = source.pending->partitions;
  std::vector<std::vector<SourceFile>> listed(partitions.size());
  if (partitions.size() == 1) {
    listed[0] = PartitionFiles(source, partitions[0]);
  } else {
    TaskGroup group;
    for (size_t i = 0; i < partitions.size(); ++i) {
      group.Run([&, i] { listed[i] = PartitionFiles(source, partitions[i]); });
    }
    group.Wait();
  }
  std::vector<SourceFile> files;
  for (std::vector<SourceFile>& partition_files : listed) {
    for (SourceFile& file : partition_files) files.push_back(std::move(file));
  }
  std::stable_sort(files.begin(), files.end(),
                   [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
  // Two partitions may share a folder (ALTER TABLE … ADD PARTITION … LOCATION):
  // each file is read once, with the values of the first partition naming it.
  files.erase(std::unique(files.begin(), files.end(),
                          [](const SourceFile& a, const SourceFile& b) { return a.path == b.path; }),
              files.end());
  return source.WithListedFiles(std::move(files));
}

}  // namespace

LogicalPlanPtr ListPartitionFiles(const LogicalPlanPtr& plan) {
  if (plan->kind() == LogicalKind::kScan) {
    const auto& scan = plan->As<LogicalScan>();
    if (!scan.source->pending) return plan;
    return std::make_shared<LogicalScan>(ListFiles(*scan.source), scan.columns, scan.pushed_predicates);
  }
  return MapChildren(plan, [](const LogicalPlanPtr& child) { return ListPartitionFiles(child); });
}

}  // namespace sluice::sql
