package dev.numberregistry.api.camara;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Holds the registry's API document against a CAMARA contract, operation by operation, after both
 * are parsed and every {@code $ref} resolved (swagger-parser), and every {@code allOf} merged into
 * one schema. The result is a list of differences, each one line naming the operation and where
 * in it the two part, and notes: what the contract allows that the registry never does.
 *
 * <p>What must match, and which way: the registry must take every request the contract allows
 * (its request schemas as strict as the contract's, no stricter) and give only answers the
 * contract allows (its response schemas at least as strict): the same path and method; the same
 * parameters; the same request body (required, types, formats, patterns, bounds, defaults,
 * enumerations, required properties); the same success answer; for every status the registry
 * answers, an answer the contract lists, of the same shape, with codes among the contract's; the
 * same {@code x-correlator} response header; the same sets of scopes. Descriptions and examples
 * are prose, not compared.
 */
final class ContractComparison {

    private final String contractName;
    private final OpenAPI contract;
    private final OpenAPI registry;
    private final String basePath;
    private final List<String> differences = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private ContractComparison(String contractName, OpenAPI contract, OpenAPI registry) {
        this.contractName = contractName;
        this.contract = contract;
        this.registry = registry;
        this.basePath = basePathOf(contract);
    }

    /** Reads an OpenAPI document as swagger-parser does, every {@code $ref} resolved in place. */
    static OpenAPI parse(String name, String yaml) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        // allOf is merged here, the same way for both documents (see merged()).
        options.setResolveCombinators(false);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, options);
        if (result.getOpenAPI() == null) {
            throw new IllegalArgumentException(name + " is not an OpenAPI document: " + result.getMessages());
        }
        return result.getOpenAPI();
    }

    static ContractComparison of(String contractName, OpenAPI contract, OpenAPI registry) {
        ContractComparison comparison = new ContractComparison(contractName, contract, registry);
        comparison.compare();
        return comparison;
    }

    List<String> differences() {
        return differences;
    }

    List<String> notes() {
        return notes;
    }

    /** The path the contract's operations hang under: its server URL's path, e.g. /sim-swap/v2. */
    private static String basePathOf(OpenAPI contract) {
        String url = contract.getServers().get(0).getUrl().replaceAll("\\{[^}]*}", "");
        return URI.create("http://host" + (url.startsWith("/") ? url : "/" + url)).getPath().replaceAll("/$", "");
    }

    private void compare() {
        Set<String> contractOperations = new TreeSet<>();
        contract.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, contractOperation) -> {
            String fullPath = basePath + path;
            String name = method + " " + fullPath;
            contractOperations.add(name);
            PathItem registryItem = registry.getPaths().get(fullPath);
            Operation registryOperation = registryItem == null ? null : registryItem.readOperationsMap().get(method);
            if (registryOperation == null) {
                notes.add(name + ": in the contract, not implemented by the registry");
                return;
            }
            compareOperation(name, contractOperation, registryOperation);
        }));
        registry.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String name = method + " " + path;
            if (path.startsWith(basePath + "/") && !contractOperations.contains(name)) {
                differences.add(name + ": not in the contract");
            }
        }));
    }

    private void compareOperation(String name, Operation contractOperation, Operation registryOperation) {
        compareParameters(name, contractOperation.getParameters(), registryOperation.getParameters());
        compareRequestBody(name, contractOperation.getRequestBody(), registryOperation.getRequestBody());
        compareResponses(name, contractOperation, registryOperation);
        compareSecurity(name, contractOperation, registryOperation);
    }

    private void compareParameters(String operation, List<Parameter> contractParameters, List<Parameter> registryParameters) {
        Map<String, Parameter> registryByName = new LinkedHashMap<>();
        for (Parameter parameter : registryParameters == null ? List.<Parameter>of() : registryParameters) {
            registryByName.put(parameter.getIn() + " " + parameter.getName(), parameter);
        }
        for (Parameter parameter : contractParameters == null ? List.<Parameter>of() : contractParameters) {
            String key = parameter.getIn() + " " + parameter.getName();
            Parameter registryParameter = registryByName.remove(key);
            String where = operation + " parameter " + key;
            if (registryParameter == null) {
                differences.add(where + ": in the contract, not in the registry");
                continue;
            }
            same(where + " required", isTrue(parameter.getRequired()), isTrue(registryParameter.getRequired()));
            compareSchema(where, parameter.getSchema(), registryParameter.getSchema(), Direction.REQUEST);
        }
        registryByName.values().stream().filter(p -> isTrue(p.getRequired())).forEach(p -> differences.add(
                operation + " parameter " + p.getIn() + " " + p.getName() + ": required by the registry, not in the contract"));
    }

    private void compareRequestBody(String operation, RequestBody contractBody, RequestBody registryBody) {
        if (contractBody == null || registryBody == null) {
            if (contractBody != registryBody) {
                differences.add(operation + " request body: " + (contractBody == null ? "only in the registry"
                        : "only in the contract"));
            }
            return;
        }
        same(operation + " request body required", isTrue(contractBody.getRequired()), isTrue(registryBody.getRequired()));
        compareContent(operation + " request body", contractBody.getContent(), registryBody.getContent(), Direction.REQUEST);
    }

    private void compareResponses(String operation, Operation contractOperation, Operation registryOperation) {
        Map<String, ApiResponse> contractResponses = contractOperation.getResponses();
        Map<String, ApiResponse> registryResponses = registryOperation.getResponses();
        for (Map.Entry<String, ApiResponse> answer : registryResponses.entrySet()) {
            String status = answer.getKey();
            String where = operation + " response " + status;
            ApiResponse contractResponse = contractResponses.get(status);
            if (contractResponse == null) {
                differences.add(where + ": the registry answers it, the contract does not list it");
                continue;
            }
            compareContent(where, contractResponse.getContent(), answer.getValue().getContent(), Direction.response(status));
            compareHeaders(where, contractResponse.getHeaders(), answer.getValue().getHeaders());
        }
        Set<String> neverAnswered = new TreeSet<>(contractResponses.keySet());
        neverAnswered.removeAll(registryResponses.keySet());
        if (!neverAnswered.isEmpty()) {
            notes.add(operation + ": the contract lists " + neverAnswered + ", which the registry never answers");
        }
    }

    private void compareHeaders(String where, Map<String, Header> contractHeaders, Map<String, Header> registryHeaders) {
        Map<String, Header> registry = registryHeaders == null ? Map.of() : registryHeaders;
        (contractHeaders == null ? Map.<String, Header>of() : contractHeaders).forEach((name, header) -> {
            Header registryHeader = registry.get(name);
            if (registryHeader == null) {
                differences.add(where + " header " + name + ": in the contract, not in the registry");
            } else {
                compareSchema(where + " header " + name, header.getSchema(), registryHeader.getSchema(), Direction.RESPONSE);
            }
        });
    }

    private void compareContent(String where, Map<String, MediaType> contractContent, Map<String, MediaType> registryContent,
                                Direction direction) {
        Map<String, MediaType> contractTypes = contractContent == null ? Map.of() : contractContent;
        Map<String, MediaType> registryTypes = registryContent == null ? Map.of() : registryContent;
        same(where + " media types", new TreeSet<>(contractTypes.keySet()), new TreeSet<>(registryTypes.keySet()));
        contractTypes.forEach((type, media) -> {
            MediaType registryMedia = registryTypes.get(type);
            if (registryMedia != null) {
                compareSchema(where + " " + type, media.getSchema(), registryMedia.getSchema(), direction);
            }
        });
    }

    /** Which way a schema must hold: what the registry takes, or what it gives under a status. */
    record Direction(boolean request, String status) {
        static final Direction REQUEST = new Direction(true, null);
        static final Direction RESPONSE = new Direction(false, null);

        static Direction response(String status) {
            return new Direction(false, status);
        }
    }

    private void compareSchema(String where, Schema<?> contractSchema, Schema<?> registrySchema, Direction direction) {
        if (contractSchema == null || registrySchema == null) {
            if (contractSchema != registrySchema) {
                differences.add(where + ": a schema " + (contractSchema == null ? "only in the registry" : "only in the contract"));
            }
            return;
        }
        Schema<?> expected = merged(contractSchema);
        Schema<?> actual = merged(registrySchema);
        same(where + " type", expected.getType(), actual.getType());
        same(where + " format", expected.getFormat(), actual.getFormat());
        same(where + " pattern", expected.getPattern(), actual.getPattern());
        same(where + " nullable", isTrue(expected.getNullable()), isTrue(actual.getNullable()));
        same(where + " minimum", number(expected.getMinimum()), number(actual.getMinimum()));
        same(where + " maximum", number(expected.getMaximum()), number(actual.getMaximum()));
        same(where + " minLength", expected.getMinLength(), actual.getMinLength());
        same(where + " maxLength", expected.getMaxLength(), actual.getMaxLength());
        same(where + " minItems", expected.getMinItems(), actual.getMinItems());
        same(where + " maxItems", expected.getMaxItems(), actual.getMaxItems());
        same(where + " default", text(expected.getDefault()), text(actual.getDefault()));
        compareEnum(where, expected, actual, direction);
        compareRequired(where, expected, actual, direction);
        compareProperties(where, expected, actual, direction);
        if (expected.getItems() != null || actual.getItems() != null) {
            compareSchema(where + "[]", expected.getItems(), actual.getItems(), direction);
        }
    }

    private void compareEnum(String where, Schema<?> expected, Schema<?> actual, Direction direction) {
        Set<String> contractValues = values(expected.getEnum());
        Set<String> registryValues = values(actual.getEnum());
        if (contractValues.isEmpty()) {
            if (!registryValues.isEmpty() && direction.request()) {
                differences.add(where + " enum: the contract takes any value, the registry only " + registryValues);
            }
            return;
        }
        if (registryValues.isEmpty()) {
            // An ErrorInfo's status: the contracts enumerate the one status of the answer, which the
            // answer's own status already says (see CamaraDocumentation).
            boolean impliedByStatus = direction.status() != null && where.endsWith(".status")
                    && contractValues.equals(Set.of(direction.status()));
            if (!direction.request() && !impliedByStatus) {
                differences.add(where + " enum: the contract allows only " + contractValues + ", the registry any value");
            }
            return;
        }
        Set<String> outside = new TreeSet<>(direction.request() ? contractValues : registryValues);
        outside.removeAll(direction.request() ? registryValues : contractValues);
        if (!outside.isEmpty()) {
            differences.add(where + " enum: " + (direction.request()
                    ? "the registry refuses " + outside + ", which the contract allows"
                    : "the registry gives " + outside + ", which the contract does not list"));
        }
    }

    private void compareRequired(String where, Schema<?> expected, Schema<?> actual, Direction direction) {
        Set<String> contractRequired = new TreeSet<>(expected.getRequired() == null ? List.of() : expected.getRequired());
        Set<String> registryRequired = new TreeSet<>(actual.getRequired() == null ? List.of() : actual.getRequired());
        Set<String> missing = new TreeSet<>(direction.request() ? registryRequired : contractRequired);
        missing.removeAll(direction.request() ? contractRequired : registryRequired);
        if (!missing.isEmpty()) {
            differences.add(where + " required: " + (direction.request()
                    ? "the registry requires " + missing + ", which the contract leaves optional"
                    : "the contract requires " + missing + ", which the registry may leave out"));
        }
    }

    private void compareProperties(String where, Schema<?> expected, Schema<?> actual, Direction direction) {
        Map<String, Schema> contractProperties = expected.getProperties() == null ? Map.of() : expected.getProperties();
        Map<String, Schema> registryProperties = actual.getProperties() == null ? Map.of() : actual.getProperties();
        contractProperties.forEach((name, schema) -> {
            Schema<?> registryProperty = registryProperties.get(name);
            if (registryProperty == null) {
                differences.add(where + " property " + name + ": in the contract, not in the registry");
            } else {
                compareSchema(where + "." + name, schema, registryProperty, direction);
            }
        });
        registryProperties.keySet().stream().filter(name -> !contractProperties.containsKey(name))
                .forEach(name -> differences.add(where + " property " + name + ": in the registry, not in the contract"));
    }

    private void compareSecurity(String operation, Operation contractOperation, Operation registryOperation) {
        same(operation + " security: the sets of scopes, any one of which will do",
                scopeAlternatives(contractOperation.getSecurity()), scopeAlternatives(registryOperation.getSecurity()));
        Set<String> contractSchemes = schemeKinds(contract, contractOperation.getSecurity());
        Set<String> registrySchemes = schemeKinds(registry, registryOperation.getSecurity());
        same(operation + " security scheme", contractSchemes, registrySchemes);
    }

    private static Set<Set<String>> scopeAlternatives(List<SecurityRequirement> requirements) {
        Set<Set<String>> alternatives = new LinkedHashSet<>();
        for (SecurityRequirement requirement : requirements == null ? List.<SecurityRequirement>of() : requirements) {
            alternatives.add(requirement.values().stream().flatMap(List::stream).collect(Collectors.toCollection(TreeSet::new)));
        }
        return alternatives;
    }

    /** A scheme as what it asks of a caller (its type), not by the name a document gives it. */
    private static Set<String> schemeKinds(OpenAPI document, List<SecurityRequirement> requirements) {
        Map<String, SecurityScheme> schemes = document.getComponents() == null || document.getComponents().getSecuritySchemes() == null
                ? Map.of() : document.getComponents().getSecuritySchemes();
        Set<String> kinds = new TreeSet<>();
        for (SecurityRequirement requirement : requirements == null ? List.<SecurityRequirement>of() : requirements) {
            for (String name : requirement.keySet()) {
                SecurityScheme scheme = schemes.get(name);
                kinds.add(scheme == null ? "undeclared " + name : scheme.getType() + (scheme.getScheme() == null ? ""
                        : " " + scheme.getScheme()));
            }
        }
        return kinds;
    }

    /** The schema with its allOf parts merged in: properties, required and keywords of all of them. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> merged(Schema<?> schema) {
        if (schema.getAllOf() == null || schema.getAllOf().isEmpty()) {
            return schema;
        }
        Schema result = new Schema<>();
        List<Schema> parts = new ArrayList<>();
        for (Schema part : schema.getAllOf()) {
            parts.add(merged(part));
        }
        Schema<?> own = new Schema<>();
        own.setType(schema.getType());
        own.setProperties(schema.getProperties());
        own.setRequired(schema.getRequired());
        parts.add(own);
        Map<String, Schema> properties = new LinkedHashMap<>();
        Set<String> required = new TreeSet<>();
        for (Schema part : parts) {
            if (part.getType() != null) {
                result.setType(part.getType());
            }
            if (part.getRequired() != null) {
                required.addAll(part.getRequired());
            }
            if (part.getProperties() != null) {
                ((Map<String, Schema>) part.getProperties()).forEach((name, property) ->
                        properties.merge(name, property, ContractComparison::overlay));
            }
        }
        result.setProperties(properties.isEmpty() ? null : properties);
        result.setRequired(required.isEmpty() ? null : new ArrayList<>(required));
        return result;
    }

    /**
     * One property as two allOf parts describe it, both of which hold: the later part's keywords
     * over the earlier's, and of two types the narrower (swagger-parser calls a bare enumeration
     * of whole numbers, such as the contracts' {@code status: {enum: [400]}}, a number).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema overlay(Schema earlier, Schema later) {
        Schema result = new Schema<>();
        for (Schema part : List.of(earlier, later)) {
            boolean widening = "number".equals(part.getType()) && "integer".equals(result.getType());
            if (part.getType() != null && !widening) {
                result.setType(part.getType());
            }
            if (part.getFormat() != null) {
                result.setFormat(part.getFormat());
            }
            if (part.getPattern() != null) {
                result.setPattern(part.getPattern());
            }
            if (part.getEnum() != null) {
                result.setEnum(part.getEnum());
            }
            if (part.getNullable() != null) {
                result.setNullable(part.getNullable());
            }
        }
        return result;
    }

    private void same(String what, Object contractValue, Object registryValue) {
        if (!Objects.equals(contractValue, registryValue)) {
            differences.add(what + ": contract " + contractValue + ", registry " + registryValue);
        }
    }

    private static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    private static String number(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Set<String> values(List<?> values) {
        return values == null ? Set.of() : values.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public String toString() {
        return contractName;
    }
}
