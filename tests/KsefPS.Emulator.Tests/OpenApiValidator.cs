using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Emulator.Tests;

/// <summary>
/// Checks a response body against the schema the official OpenAPI document gives for that operation, status and
/// content type. Covers the OpenAPI 3.0 keywords the document uses: $ref, allOf, type, properties, required, nullable,
/// enum, format, min/maxLength, pattern, minimum/maximum, items.
/// </summary>
public sealed class OpenApiValidator
{
    private static readonly Lazy<OpenApiValidator> Shared = new(() => new OpenApiValidator(Repository.Spec("open-api.json")));
    private readonly JsonObject _document;

    private OpenApiValidator(string path) => _document = JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    public static OpenApiValidator Instance => Shared.Value;

    /// <summary>Problems found; empty when the body conforms. Fails when the document has no schema for the answer.</summary>
    public IReadOnlyList<string> Validate(string method, string requestPath, int status, string contentType, JsonNode? body)
    {
        var (template, operation) = FindOperation(method, requestPath);
        var responses = operation["responses"]!.AsObject();
        var response = responses[status.ToString(CultureInfo.InvariantCulture)]?.AsObject()
            ?? throw new InvalidOperationException($"OpenAPI documents no {status} for {method} {template}.");
        var content = response["content"]?.AsObject();
        if (content is null)
        {
            return body is null ? [] : [$"{method} {template} {status} documents no body, but one came."];
        }
        var media = content[contentType]?.AsObject()
            ?? throw new InvalidOperationException($"OpenAPI documents no {contentType} body for {status} of {method} {template}.");
        var problems = new List<string>();
        Check(media["schema"]!, body, "$", problems);
        return problems;
    }

    private (string Template, JsonObject Operation) FindOperation(string method, string requestPath)
    {
        var path = requestPath.Split('?')[0];
        path = path.StartsWith("/v2", StringComparison.Ordinal) ? path[3..] : path;
        var matches = _document["paths"]!.AsObject()
            .Where(p => Regex.IsMatch(path, "^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{[^}]+}", "[^/]+") + "$"))
            .OrderBy(p => p.Key.Count(c => c == '{'))
            .ToList();
        foreach (var (template, item) in matches)
        {
            if (item![method.ToLowerInvariant()] is JsonObject operation)
            {
                return (template, operation);
            }
        }
        throw new InvalidOperationException($"OpenAPI documents no {method} {path}.");
    }

    private JsonObject Resolve(JsonNode schema)
    {
        var obj = schema.AsObject();
        while (obj["$ref"] is { } reference)
        {
            var name = reference.GetValue<string>().Split('/')[^1];
            obj = _document["components"]!["schemas"]![name]!.AsObject();
        }
        return obj;
    }

    private void Check(JsonNode schemaNode, JsonNode? value, string at, List<string> problems)
    {
        var schema = Resolve(schemaNode);
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true && schema["type"] is not null)
            {
                problems.Add($"{at}: null where {schema["type"]} is required");
            }
            return;
        }
        foreach (var part in schema["allOf"]?.AsArray() ?? [])
        {
            Check(part!, value, at, problems);
        }
        var type = schema["type"]?.GetValue<string>();
        switch (type)
        {
            case "object":
                if (value is not JsonObject obj)
                {
                    problems.Add($"{at}: expected an object");
                    return;
                }
                foreach (var name in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
                {
                    if (!obj.ContainsKey(name))
                    {
                        problems.Add($"{at}: required property '{name}' is missing");
                    }
                }
                var properties = schema["properties"]?.AsObject();
                foreach (var (name, child) in obj)
                {
                    if (properties?[name] is { } childSchema)
                    {
                        Check(childSchema, child, $"{at}.{name}", problems);
                    }
                    else if (properties is not null)
                    {
                        problems.Add($"{at}: property '{name}' is not in the schema");
                    }
                }
                break;
            case "array":
                if (value is not JsonArray array)
                {
                    problems.Add($"{at}: expected an array");
                    return;
                }
                for (var i = 0; i < array.Count; i++)
                {
                    Check(schema["items"]!, array[i], $"{at}[{i}]", problems);
                }
                break;
            case "string":
                if (value is not JsonValue s || !s.TryGetValue<string>(out var text))
                {
                    problems.Add($"{at}: expected a string");
                    return;
                }
                CheckString(schema, text, at, problems);
                break;
            case "integer":
                if (value is not JsonValue integer || !integer.TryGetValue<long>(out var number))
                {
                    problems.Add($"{at}: expected an integer");
                    return;
                }
                if (schema["minimum"] is { } min && number < min.GetValue<double>())
                {
                    problems.Add($"{at}: {number} below minimum {min}");
                }
                if (schema["maximum"] is { } max && number > max.GetValue<double>())
                {
                    problems.Add($"{at}: {number} above maximum {max}");
                }
                break;
            case "boolean":
                if (value is not JsonValue b || !b.TryGetValue<bool>(out _))
                {
                    problems.Add($"{at}: expected a boolean");
                }
                break;
        }
        if (schema["enum"] is JsonArray allowed && value is JsonValue v && v.TryGetValue<string>(out var member)
            && !allowed.Any(a => a?.GetValue<string>() == member) && !AddedLater(allowed, member))
        {
            problems.Add($"{at}: '{member}' is not one of {allowed.ToJsonString()}");
        }
    }

    /// <summary>
    /// A value KSeF added to an enumeration after this 2.6.0 document (UPDATES.md): CollectiveIdentifierManage (2.7.0)
    /// joins the permission enumerations, those that hold InvoiceRead.
    /// </summary>
    private static bool AddedLater(JsonArray allowed, string member) =>
        member == "CollectiveIdentifierManage" && allowed.Any(a => a?.GetValue<string>() == "InvoiceRead");

    private static void CheckString(JsonObject schema, string text, string at, List<string> problems)
    {
        if (schema["minLength"] is { } min && text.Length < min.GetValue<int>())
        {
            problems.Add($"{at}: shorter than {min}");
        }
        if (schema["maxLength"] is { } max && text.Length > max.GetValue<int>())
        {
            problems.Add($"{at}: longer than {max}");
        }
        if (schema["pattern"] is { } pattern && !Regex.IsMatch(text, pattern.GetValue<string>()))
        {
            problems.Add($"{at}: '{text}' does not match {pattern}");
        }
        switch (schema["format"]?.GetValue<string>())
        {
            case "date-time" when !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _):
                problems.Add($"{at}: '{text}' is not a date-time");
                break;
            case "byte":
                try
                {
                    Convert.FromBase64String(text);
                }
                catch (FormatException)
                {
                    problems.Add($"{at}: not Base64");
                }
                break;
        }
    }
}
