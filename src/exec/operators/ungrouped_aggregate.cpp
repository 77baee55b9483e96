#include "exec/operators/ungrouped_aggregate.h"

#include <atomic>
#include <mutex>


namespace sluice::exec {
namespace {

/// One payload (every aggregate's state) in an aligned buffer; destroyed with it.
class Payload {
 public:
  explicit Payload(const AggregateLayout& layout) : layout_(layout) {
    buffer_.reset(new uint8_t[layout.payload_size + layout.alignment]);
    auto base = reinterpret_cast<uintptr_t>(buffer_.get());
    data_ = buffer_.get() + (layout.alignment - base % layout.alignment) % layout.alignment;
    layout.Initialize(data_);
  }
  ~Payload() { layout_.Destroy({data_}); }
  Payload(const Payload&) = delete;
  Payload& operator=(const Payload&) = delete;
  uint8_t* state(size_t aggregate) const { return data_ + layout_.offsets[aggregate]; }

 private:
  const AggregateLayout& layout_;
  std::unique_ptr<uint8_t[]> buffer_;
  uint8_t* data_ = nullptr;
};

struct UngroupedGlobal : GlobalSinkState {
  explicit UngroupedGlobal(const AggregateLayout& layout) : payload(layout) {}
  std::mutex mutex;
  Payload payload;
  Chunk result;
};

struct UngroupedLocal : LocalSinkState {
  UngroupedLocal(const std::vector<sql::AggregateCall>& calls, const AggregateLayout& layout,
                 const sql::SessionSettings& session)
      : payload(layout), inputs(calls, session) {}
  Payload payload;
  AggregateInputs inputs;
};

struct UngroupedSource : GlobalSourceState {
  explicit UngroupedSource(UngroupedGlobal& sink) : sink(sink) {}
  UngroupedGlobal& sink;
  std::atomic<bool> done{false};
};

std::vector<DataType> ResultTypes(const std::vector<sql::AggregateCall>& calls) {
  std::vector<DataType> types;
  for (const auto& call : calls) types.push_back(call.function->result_type());
  return types;
}

}  // namespace

PhysicalUngroupedAggregate::PhysicalUngroupedAggregate(std::unique_ptr<PhysicalOperator> child,
                                                       std::vector<sql::AggregateCall> aggregates)
    : PhysicalOperator(ResultTypes(aggregates), std::move(child)), aggregates_(std::move(aggregates)),
      layout_(aggregates_) {}

std::string PhysicalUngroupedAggregate::name() const {
  std::string text = "UngroupedAggregate [";
  for (size_t i = 0; i < aggregates_.size(); ++i) text += (i ? ", " : "") + aggregates_[i].name;
  return text + "]";
}

std::unique_ptr<GlobalSinkState> PhysicalUngroupedAggregate::MakeGlobalSinkState(const ExecutionContext&) const {
  return std::make_unique<UngroupedGlobal>(layout_);
}

std::unique_ptr<LocalSinkState> PhysicalUngroupedAggregate::MakeLocalSinkState(
    GlobalSinkState&, const ExecutionContext& context) const {
  return std::make_unique<UngroupedLocal>(aggregates_, layout_, context.session());
}

SinkResult PhysicalUngroupedAggregate::Sink(const Chunk& input, GlobalSinkState&, LocalSinkState& local_base) const {
  auto& local = static_cast<UngroupedLocal&>(local_base);
  sql::Rows rows{nullptr, input.size()};
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    layout_.functions[a]->UpdateSingle(local.payload.state(a), local.inputs.Evaluate(a, input), rows);
  }
  return SinkResult::kNeedMoreInput;
}

void PhysicalUngroupedAggregate::Combine(GlobalSinkState& global_base, LocalSinkState& local_base) const {
  auto& global = static_cast<UngroupedGlobal&>(global_base);
  auto& local = static_cast<UngroupedLocal&>(local_base);
  std::lock_guard lock(global.mutex);
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    uint8_t* source = local.payload.state(a);
    uint8_t* target = global.payload.state(a);
    layout_.functions[a]->Combine(&source, &target, 1);
  }
}

void PhysicalUngroupedAggregate::Finalize(GlobalSinkState& global_base, const ExecutionContext&) const {
  auto& global = static_cast<UngroupedGlobal&>(global_base);
  global.result = Chunk(types());
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    uint8_t* state = global.payload.state(a);
    layout_.functions[a]->Finalize(&state, 1, &global.result.column(a), 0);
  }
  global.result.set_size(1);
}

std::unique_ptr<GlobalSourceState> PhysicalUngroupedAggregate::MakeGlobalSourceState(
    const ExecutionContext& context) const {
  return std::make_unique<UngroupedSource>(static_cast<UngroupedGlobal&>(context.sink_state(*this)));
}

SourceResult PhysicalUngroupedAggregate::GetChunk(GlobalSourceState& source_base, LocalSourceState&,
                                                  Chunk* out) const {
  auto& source = static_cast<UngroupedSource&>(source_base);
  if (source.done.exchange(true)) return SourceResult::kFinished;
  *out = std::move(source.sink.result);
  return SourceResult::kHaveOutput;
}

}  // namespace sluice::exec
