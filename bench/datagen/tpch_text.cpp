#include "tpch_text.h"

#include <array>

namespace sluice::datagen {

namespace {

// Word lists of clause 4.2.2.13.
constexpr std::array<std::string_view, 41> kNouns = {
    "foxes",       "ideas",        "theodolites", "pinto beans", "instructions", "dependencies",
    "excuses",     "platelets",    "asymptotes",  "courts",      "dolphins",     "multipliers",
    "sauternes",   "warthogs",     "frets",       "dinos",       "attainments",  "somas",
    "Tiresias'",   "patterns",     "forges",      "braids",      "hockey players", "frays",
    "warhorses",   "dugouts",      "notornis",    "epitaphs",    "pearls",       "tithes",
    "waters",      "orbits",       "gifts",       "sheaves",     "depths",       "sentiments",
    "decoys",      "realms",       "pains",       "grouches",    "escapades"};

constexpr std::array<std::string_view, 40> kVerbs = {
    "sleep",  "wake",   "are",     "cajole", "haggle",  "nag",      "use",    "boost",
    "affix",  "detect", "integrate", "maintain", "nod", "was",      "lose",   "sublate",
    "solve",  "thrash", "promise", "engage", "hinder",  "print",    "x-ray",  "breach",
    "eat",    "grow",   "impress", "mold",   "poach",   "serve",    "run",    "dazzle",
    "snooze", "doze",   "unwind",  "kindle", "play",    "hang",     "believe", "doubt"};

constexpr std::array<std::string_view, 25> kAdjectives = {
    "furious", "sly",     "careful",   "blithe", "quick",    "fluffy",   "slow",
    "quiet",   "ruthless", "thin",     "close",  "dogged",   "daring",   "brave",
    "stealthy", "permanent", "enticing", "idle", "busy",     "regular",  "final",
    "ironic",  "even",    "bold",      "silent"};

constexpr std::array<std::string_view, 28> kAdverbs = {
    "sometimes", "always",   "never",       "furiously",   "slyly",     "carefully",
    "blithely",  "quickly",  "fluffily",    "slowly",      "quietly",   "ruthlessly",
    "thinly",    "closely",  "doggedly",    "daringly",    "bravely",   "stealthily",
    "permanently", "enticingly", "idly",    "busily",      "regularly", "finally",
    "ironically", "evenly",  "boldly",      "silently"};

constexpr std::array<std::string_view, 47> kPrepositions = {
    "about",   "above",     "according to", "across",     "after",   "against",
    "along",   "alongside of", "among",     "around",     "at",      "atop",
    "before",  "behind",    "beneath",      "beside",     "besides", "between",
    "beyond",  "by",        "despite",      "during",     "except",  "for",
    "from",    "in place of", "inside",     "instead of", "into",    "near",
    "of",      "on",        "outside",      "over",       "past",    "since",
    "through", "throughout", "to",          "toward",     "under",   "until",
    "up",      "upon",      "without",      "with",       "within"};

constexpr std::array<std::string_view, 18> kAuxiliaries = {
    "do",           "may",           "might",          "shall",        "will",
    "would",        "can",           "could",          "should",       "ought to",
    "must",         "will have to",  "shall have to",  "could have to", "should have to",
    "must have to", "need to",       "try to"};

constexpr std::array<std::string_view, 6> kTerminators = {".", ";", ":", "?", "!", "--"};

template <size_t N>
void AppendWord(Random& random, const std::array<std::string_view, N>& words, std::string& out) {
  out += words[random.Below(N)];
}

// noun phrase: noun | adjective noun | adjective, adjective noun | adverb adjective noun
void AppendNounPhrase(Random& random, std::string& out) {
  switch (random.Below(4)) {
    case 0:
      break;
    case 1:
      AppendWord(random, kAdjectives, out);
      out += ' ';
      break;
    case 2:
      AppendWord(random, kAdjectives, out);
      out += ", ";
      AppendWord(random, kAdjectives, out);
      out += ' ';
      break;
    default:
      AppendWord(random, kAdverbs, out);
      out += ' ';
      AppendWord(random, kAdjectives, out);
      out += ' ';
      break;
  }
  AppendWord(random, kNouns, out);
}

// verb phrase: verb | auxiliary verb | verb adverb | auxiliary verb adverb
void AppendVerbPhrase(Random& random, std::string& out) {
  const uint64_t shape = random.Below(4);
  if (shape == 1 || shape == 3) {
    AppendWord(random, kAuxiliaries, out);
    out += ' ';
  }
  AppendWord(random, kVerbs, out);
  if (shape >= 2) {
    out += ' ';
    AppendWord(random, kAdverbs, out);
  }
}

// prepositional phrase: preposition "the" noun phrase
void AppendPrepositionalPhrase(Random& random, std::string& out) {
  AppendWord(random, kPrepositions, out);
  out += " the ";
  AppendNounPhrase(random, out);
}

// The five sentence shapes of clause 4.2.2.10.
void AppendSentence(Random& random, std::string& out) {
  AppendNounPhrase(random, out);
  out += ' ';
  switch (random.Below(5)) {
    case 0:
      AppendVerbPhrase(random, out);
      break;
    case 1:
      AppendVerbPhrase(random, out);
      out += ' ';
      AppendPrepositionalPhrase(random, out);
      break;
    case 2:
      AppendVerbPhrase(random, out);
      out += ' ';
      AppendNounPhrase(random, out);
      break;
    case 3:
      AppendPrepositionalPhrase(random, out);
      out += ' ';
      AppendVerbPhrase(random, out);
      out += ' ';
      AppendNounPhrase(random, out);
      break;
    default:
      AppendPrepositionalPhrase(random, out);
      out += ' ';
      AppendVerbPhrase(random, out);
      out += ' ';
      AppendPrepositionalPhrase(random, out);
      break;
  }
  AppendWord(random, kTerminators, out);
}

}  // namespace

TextPool::TextPool(uint64_t seed, size_t size) {
  Random random(seed);
  text_.reserve(size + 256);
  while (text_.size() < size) {
    AppendSentence(random, text_);
    text_ += ' ';
  }
  text_.resize(size);
}

}  // namespace sluice::datagen
