#include "connectors/auth/smart_scopes.h"

#include <gtest/gtest.h>

namespace titrate::auth {
namespace {

TEST(SmartScopes, V2PermissionsGrantExactlyTheirLetters) {
  const SmartScopes scopes = SmartScopes::parse("system/MedicationAdministration.rs");
  EXPECT_TRUE(scopes.allows("MedicationAdministration", Permission::kRead));
  EXPECT_TRUE(scopes.allows("MedicationAdministration", Permission::kSearch));
  EXPECT_FALSE(scopes.allows("MedicationAdministration", Permission::kCreate));
  EXPECT_FALSE(scopes.allows("MedicationAdministration", Permission::kUpdate));
  EXPECT_FALSE(scopes.allows("MedicationAdministration", Permission::kDelete));
  EXPECT_FALSE(scopes.allows("Observation", Permission::kRead));
}

TEST(SmartScopes, WildcardTypeCoversEveryType) {
  const SmartScopes scopes = SmartScopes::parse("system/*.cruds");
  for (const char* type : {"Patient", "Observation", "DetectedIssue"}) {
    for (Permission p : {Permission::kCreate, Permission::kRead, Permission::kUpdate,
                         Permission::kDelete, Permission::kSearch}) {
      EXPECT_TRUE(scopes.allows(type, p)) << type << " " << permission_letter(p);
    }
  }
}

TEST(SmartScopes, V1ReadWriteAndStar) {
  const SmartScopes read = SmartScopes::parse("system/Observation.read");
  EXPECT_TRUE(read.allows("Observation", Permission::kRead));
  EXPECT_TRUE(read.allows("Observation", Permission::kSearch));
  EXPECT_FALSE(read.allows("Observation", Permission::kCreate));
  const SmartScopes write = SmartScopes::parse("system/Patient.write");
  EXPECT_TRUE(write.allows("Patient", Permission::kCreate));
  EXPECT_TRUE(write.allows("Patient", Permission::kUpdate));
  EXPECT_TRUE(write.allows("Patient", Permission::kDelete));
  EXPECT_FALSE(write.allows("Patient", Permission::kRead));
  const SmartScopes all = SmartScopes::parse("system/*.*");
  EXPECT_TRUE(all.allows("Device", Permission::kDelete));
}

TEST(SmartScopes, SeveralScopesCombine) {
  const SmartScopes scopes =
      SmartScopes::parse("openid  system/Patient.c system/Observation.rs launch");
  EXPECT_TRUE(scopes.allows("Patient", Permission::kCreate));
  EXPECT_FALSE(scopes.allows("Patient", Permission::kRead));
  EXPECT_TRUE(scopes.allows("Observation", Permission::kSearch));
}

TEST(SmartScopes, MalformedOrForeignScopesGrantNothing) {
  for (const char* scope :
       {"system/Patient.sr", "system/Patient.rr", "system/Patient.x", "system/Patient.",
        "patient/Patient.rs", "user/*.cruds", "system/patient.rs", "system/Patient",
        "system/Observation.rs?category=vital-signs", "Patient.rs", "system/.rs"}) {
    const SmartScopes scopes = SmartScopes::parse(scope);
    EXPECT_FALSE(scopes.allows("Patient", Permission::kRead)) << scope;
    EXPECT_FALSE(scopes.allows("Patient", Permission::kSearch)) << scope;
    EXPECT_FALSE(scopes.allows("Observation", Permission::kSearch)) << scope;
  }
}

}  // namespace
}  // namespace titrate::auth
