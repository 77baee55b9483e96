#include "space_events.h"

#include <memory>

#include "output_file.h"
#include "space_event.h"
#include "space_event_encoders.h"

namespace sluice::datagen {

void GenerateSpaceEvents(const SpaceEventsOptions& options) {
  OutputFile csv(options.csv_path);
  std::unique_ptr<OutputFile> json;
  if (!options.json_path.empty()) json = std::make_unique<OutputFile>(options.json_path);

  // The CSV dialect changes one value only: a lone CR in a note becomes CRLF.
  SpaceEventGenerator generator(options.seed, options.null_share_ppb, options.rfc4180);
  if (options.rfc4180) WriteRfc4180Header(csv);

  SpaceEvent event;
  for (uint64_t row = 0;; ++row) {
    const bool done = options.size_by_bytes ? csv.bytes_written() >= options.min_csv_bytes
                                            : row == options.num_rows;
    if (done) break;
    generator.Next(event);
    if (options.rfc4180) {
      WriteRfc4180Row(event, csv);
    } else {
      WriteUnloadRow(event, csv);
    }
    if (json != nullptr) WriteJsonLine(event, *json);
  }
  csv.Close();
  if (json != nullptr) json->Close();
}

}  // namespace sluice::datagen
