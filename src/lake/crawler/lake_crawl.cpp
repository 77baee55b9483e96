// RunCrawl inside a lake: kept apart from crawler.cpp so that the crawler core links
// without the lake's config code (tests drive it with a store and a folder).
#include "lake/crawler/crawler.h"

namespace sluice::lake {

CrawlReport RunCrawl(Lake& lake, const CrawlerConfig& config, const CrawlOptions& options) {
  CrawlTarget target;
  target.lake_root = lake.root();
  target.folder = lake.Resolve(config.path);
  return RunCrawl(lake.catalog(), target, config, options);
}

}  // namespace sluice::lake
