#include "gateway/store/module_state.h"

#include <gtest/gtest.h>

#include "../bus/bus_test_support.h"
#include "gateway/store/journal.h"

namespace titrate::store {
namespace {

TEST(ModuleStateTest, CommitWritesStateAndHandledTogether) {
  test::TempDir dir;
  ModuleState state({dir.file("journal.db")});
  EXPECT_FALSE(state.get("patients", "p1"));
  EXPECT_FALSE(state.handled("dosing", "j1/order/0"));

  state.commit("dosing", "j1/order/0",
               {{"patients", "p1", R"({"weight":72.5})"}, {"orders", "o1", "{}"}});
  EXPECT_EQ(state.get("patients", "p1"), R"({"weight":72.5})");
  EXPECT_EQ(state.get("orders", "o1"), "{}");
  EXPECT_TRUE(state.handled("dosing", "j1/order/0"));
  EXPECT_FALSE(state.handled("pump-control", "j1/order/0"));

  state.commit("dosing", "j2/order/0", {{"patients", "p1", R"({"weight":80})"}});
  EXPECT_EQ(state.get("patients", "p1"), R"({"weight":80})");
}

TEST(ModuleStateTest, SurvivesReopeningAndSharesTheFileWithTheJournal) {
  test::TempDir dir;
  Journal journal({dir.file("journal.db")});
  {
    ModuleState state({dir.file("journal.db")});
    state.commit("g", "e1", {{"s", "k", "v"}});
  }
  ModuleState state({dir.file("journal.db")});
  EXPECT_EQ(state.get("s", "k"), "v");
  EXPECT_TRUE(state.handled("g", "e1"));
  JournalEntry entry;
  entry.control_id = std::string(1, '1');
  EXPECT_FALSE(journal.append(std::move(entry)).duplicate);
}

TEST(ModuleStateTest, AMissingDirectoryIsAJournalError) {
  EXPECT_THROW(ModuleState({"/nonexistent-titrate-dir/journal.db"}), JournalError);
}

}  // namespace
}  // namespace titrate::store
