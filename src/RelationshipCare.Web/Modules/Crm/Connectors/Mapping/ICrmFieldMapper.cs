using System.Text.Json;
using System.Text.Json.Nodes;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

/// <summary>One CRM's field mapping, both ways, with the connection's custom field mappings applied.</summary>
internal interface ICrmFieldMapper
{
    CrmCapabilities Capabilities { get; }

    /// <summary>The client from one record as the CRM's API returns it.</summary>
    CrmClient MapToUnified(JsonElement record);

    /// <summary>The CRM's write payload for the client (its contact fields; ids and read-only fields left out).</summary>
    JsonObject MapFromUnified(CrmClient client);
}
