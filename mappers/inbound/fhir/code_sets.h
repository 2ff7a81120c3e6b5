#pragma once

#include <string_view>

#include "mappers/inbound/fhir/structure_def.h"

// The R4 value sets with a required binding on the elements Titrate validates.
namespace titrate::inbound::fhir::codes {

using std::string_view_literals::operator""sv;

// Resources.
inline constexpr std::string_view kGenderCodes[] = {"male", "female", "other", "unknown"};
inline constexpr CodeSet kGender{{}, kGenderCodes};
inline constexpr std::string_view kLinkTypeCodes[] = {"replaced-by", "replaces", "refer",
                                                      "seealso"};
inline constexpr CodeSet kLinkType{{}, kLinkTypeCodes};

inline constexpr std::string_view kObservationStatusCodes[] = {
    "registered", "preliminary",      "final",  "amended", "corrected",
    "cancelled",  "entered-in-error", "unknown"};
inline constexpr CodeSet kObservationStatus{{}, kObservationStatusCodes};

inline constexpr std::string_view kConditionClinicalCodes[] = {
    "active", "recurrence", "relapse", "inactive", "remission", "resolved"};
inline constexpr CodeSet kConditionClinical{
    "http://terminology.hl7.org/CodeSystem/condition-clinical"sv, kConditionClinicalCodes};
inline constexpr std::string_view kConditionVerificationCodes[] = {
    "unconfirmed", "provisional", "differential", "confirmed", "refuted", "entered-in-error"};
inline constexpr CodeSet kConditionVerification{
    "http://terminology.hl7.org/CodeSystem/condition-ver-status"sv, kConditionVerificationCodes};

inline constexpr std::string_view kAllergyClinicalCodes[] = {"active", "inactive", "resolved"};
inline constexpr CodeSet kAllergyClinical{
    "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"sv, kAllergyClinicalCodes};
inline constexpr std::string_view kAllergyVerificationCodes[] = {"unconfirmed", "confirmed",
                                                                 "refuted", "entered-in-error"};
inline constexpr CodeSet kAllergyVerification{
    "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"sv,
    kAllergyVerificationCodes};
inline constexpr std::string_view kAllergyTypeCodes[] = {"allergy", "intolerance"};
inline constexpr CodeSet kAllergyType{{}, kAllergyTypeCodes};
inline constexpr std::string_view kAllergyCategoryCodes[] = {"food", "medication", "environment",
                                                             "biologic"};
inline constexpr CodeSet kAllergyCategory{{}, kAllergyCategoryCodes};
inline constexpr std::string_view kAllergyCriticalityCodes[] = {"low", "high", "unable-to-assess"};
inline constexpr CodeSet kAllergyCriticality{{}, kAllergyCriticalityCodes};
inline constexpr std::string_view kReactionSeverityCodes[] = {"mild", "moderate", "severe"};
inline constexpr CodeSet kReactionSeverity{{}, kReactionSeverityCodes};

inline constexpr std::string_view kRequestStatusCodes[] = {
    "draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"};
inline constexpr CodeSet kRequestStatus{{}, kRequestStatusCodes};
inline constexpr std::string_view kRequestIntentCodes[] = {
    "proposal",     "plan",         "directive",      "order", "original-order",
    "reflex-order", "filler-order", "instance-order", "option"};
inline constexpr CodeSet kRequestIntent{{}, kRequestIntentCodes};
inline constexpr std::string_view kRequestPriorityCodes[] = {"routine", "urgent", "asap", "stat"};
inline constexpr CodeSet kRequestPriority{{}, kRequestPriorityCodes};

inline constexpr std::string_view kMedicationRequestStatusCodes[] = {
    "active",           "on-hold", "cancelled", "completed",
    "entered-in-error", "stopped", "draft",     "unknown"};
inline constexpr CodeSet kMedicationRequestStatus{{}, kMedicationRequestStatusCodes};
inline constexpr std::string_view kMedicationRequestIntentCodes[] = {
    "proposal",     "plan",         "order",          "original-order",
    "reflex-order", "filler-order", "instance-order", "option"};
inline constexpr CodeSet kMedicationRequestIntent{{}, kMedicationRequestIntentCodes};
inline constexpr std::string_view kMedicationStatusCodes[] = {"active", "inactive",
                                                              "entered-in-error"};
inline constexpr CodeSet kMedicationStatus{{}, kMedicationStatusCodes};

inline constexpr std::string_view kBundleTypeCodes[] = {
    "document", "message",   "transaction", "transaction-response", "batch", "batch-response",
    "history",  "searchset", "collection"};
inline constexpr CodeSet kBundleType{{}, kBundleTypeCodes};
inline constexpr std::string_view kHttpVerbCodes[] = {"GET", "HEAD",   "POST",
                                                      "PUT", "DELETE", "PATCH"};
inline constexpr CodeSet kHttpVerb{{}, kHttpVerbCodes};
inline constexpr std::string_view kSearchModeCodes[] = {"match", "include", "outcome"};
inline constexpr CodeSet kSearchMode{{}, kSearchModeCodes};

inline constexpr std::string_view kEncounterStatusCodes[] = {
    "planned",  "arrived",   "triaged",          "in-progress", "onleave",
    "finished", "cancelled", "entered-in-error", "unknown"};
inline constexpr CodeSet kEncounterStatus{{}, kEncounterStatusCodes};
inline constexpr std::string_view kEncounterLocationStatusCodes[] = {"planned", "active",
                                                                     "reserved", "completed"};
inline constexpr CodeSet kEncounterLocationStatus{{}, kEncounterLocationStatusCodes};

// Datatypes.
inline constexpr std::string_view kNarrativeStatusCodes[] = {"generated", "extensions",
                                                             "additional", "empty"};
inline constexpr CodeSet kNarrativeStatus{{}, kNarrativeStatusCodes};
inline constexpr std::string_view kIdentifierUseCodes[] = {"usual", "official", "temp", "secondary",
                                                           "old"};
inline constexpr CodeSet kIdentifierUse{{}, kIdentifierUseCodes};
inline constexpr std::string_view kNameUseCodes[] = {"usual",     "official", "temp",  "nickname",
                                                     "anonymous", "old",      "maiden"};
inline constexpr CodeSet kNameUse{{}, kNameUseCodes};
inline constexpr std::string_view kAddressUseCodes[] = {"home", "work", "temp", "old", "billing"};
inline constexpr CodeSet kAddressUse{{}, kAddressUseCodes};
inline constexpr std::string_view kAddressTypeCodes[] = {"postal", "physical", "both"};
inline constexpr CodeSet kAddressType{{}, kAddressTypeCodes};
inline constexpr std::string_view kContactPointSystemCodes[] = {"phone", "fax", "email", "pager",
                                                                "url",   "sms", "other"};
inline constexpr CodeSet kContactPointSystem{{}, kContactPointSystemCodes};
inline constexpr std::string_view kContactPointUseCodes[] = {"home", "work", "temp", "old",
                                                             "mobile"};
inline constexpr CodeSet kContactPointUse{{}, kContactPointUseCodes};
inline constexpr std::string_view kComparatorCodes[] = {"<", "<=", ">=", ">"};
inline constexpr CodeSet kComparator{{}, kComparatorCodes};
inline constexpr std::string_view kUnitsOfTimeCodes[] = {"s", "min", "h", "d", "wk", "mo", "a"};
inline constexpr CodeSet kUnitsOfTime{{}, kUnitsOfTimeCodes};
inline constexpr std::string_view kDaysOfWeekCodes[] = {"mon", "tue", "wed", "thu",
                                                        "fri", "sat", "sun"};
inline constexpr CodeSet kDaysOfWeek{{}, kDaysOfWeekCodes};
inline constexpr std::string_view kEventTimingCodes[] = {
    "MORN", "MORN.early", "MORN.late", "NOON",  "AFT", "AFT.early", "AFT.late",
    "EVE",  "EVE.early",  "EVE.late",  "NIGHT", "PHS", "HS",        "WAKE",
    "C",    "CM",         "CD",        "CV",    "AC",  "ACM",       "ACD",
    "ACV",  "PC",         "PCM",       "PCD",   "PCV"};
inline constexpr CodeSet kEventTiming{{}, kEventTimingCodes};

}  // namespace titrate::inbound::fhir::codes
