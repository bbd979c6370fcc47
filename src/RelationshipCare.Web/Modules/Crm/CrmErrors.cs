using ErrorOr;
using RelationshipCare.Web.Modules.Crm.Connectors;

namespace RelationshipCare.Web.Modules.Crm;

/// <summary>The Crm module's expected failures, each with a stable code.</summary>
internal static class CrmErrors
{
    /// <summary>Also the answer for a client the caller may not see: it must not learn that the id exists.</summary>
    public static Error ClientNotFound(Guid id) => Error.NotFound("crm.client-not-found", $"No client has the id {id}.");

    public static readonly Error ClientChanged = Error.Conflict(
        "crm.client-changed", "Someone else changed this client since you opened it; reload it and make your change again.");

    public static readonly Error NotAnAgent = Error.Validation("OwnerAgentId", "Choose the agent who owns this client.");

    public static readonly Error UnknownAgent = Error.Validation("AgentId", "No active agent has this id.");

    public static readonly Error ShareWithOwner = Error.Validation("AgentId", "The owner already sees this client.");

    public static readonly Error OwnerNotAllowed = Error.Validation("OwnerAgentId", "You may give clients only to yourself or to agents of the teams you lead.");

    public static readonly Error SharingNotAllowed = Error.Forbidden(
        "crm.sharing-not-allowed", "Only the client's owner, their team lead or an admin may change who the client is shared with.");

    public static Error PolicyNumberTaken(int index) => PolicyNumberTakenBy($"Policies[{index}].Number");

    public static Error PolicyNumberTakenBy(string field) => Error.Validation(field, "Another policy already has this number.");

    public static Error PolicyNotFound(Guid id) => Error.NotFound("crm.policy-not-found", $"The client has no policy with the id {id}.");

    /// <summary>A 422: the request is valid, but where the client is kept cannot take it.</summary>
    public static Error PoliciesNotCarried(string why) => Error.Failure(
        "crm.policies-not-carried", $"This client's policies cannot be changed here: {why}. Change them in the CRM itself.");

    public static Error PolicyNeedsCompany(CrmKind crm) => Error.Failure(
        "crm.policy-needs-company", $"{crm} insures the client's company (its Account): give the client a company before adding or editing policies.");

    public static Error UnknownCustomField(string key) => Error.Validation($"CustomFields.{key}", $"There is no custom field '{key}'; an admin defines them under Custom fields.");

    public static Error InvalidCustomFieldValue(string key, string message) => Error.Validation($"CustomFields.{key}", message);

    public static readonly Error CustomFieldKeyTaken = Error.Validation("Key", "Another custom field already has this key.");

    public static Error CustomFieldNotFound(Guid id) => Error.NotFound("crm.custom-field-not-found", $"No custom field has the id {id}.");

    public static Error ConnectionNotFound(Guid id) => Error.NotFound("crm.connection-not-found", $"No CRM connection has the id {id}.");

    public static readonly Error ConnectionNameTaken = Error.Validation("Name", "Another connection already has this name.");

    public static readonly Error ConnectionKindChanged = Error.Validation("Kind", "A connection's CRM cannot change; add a new connection instead.");

    public static readonly Error NoSuchConnectionToKeepIn = Error.Validation("ConnectionId", "Choose an enabled CRM connection, or leave it empty for Relationship Care.");

    public static readonly Error ConnectionDisabled = Error.Conflict("crm.connection-disabled", "This connection is disabled; enable it first.");
}
