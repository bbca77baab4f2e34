package io.egressallowlist.emulators.ec2;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code DescribeRouteTables} (EC2 API reference): {@code RouteTableId.N}, the filters {@code association.subnet-id},
 * {@code association.main}, {@code route-table-id}, {@code vpc-id}, {@code route.destination-cidr-block}, paging
 * ({@code MaxResults} 5..100) and the XML answer of the reference's example: {@code routeTableSet} items with
 * {@code routeSet} and {@code associationSet}.
 */
final class DescribeRouteTables {

    static final int MIN_RESULTS = 5;
    static final int MAX_RESULTS = 100;

    private static final Map<String, Function<RouteTable, List<String>>> FILTERS = Map.of(
            "association.subnet-id", RouteTable::subnetIds,
            "association.main", t -> t.main() ? List.of("true") : List.of(),
            "route-table-id", t -> List.of(t.routeTableId()),
            "vpc-id", t -> List.of(t.vpcId()),
            "route.destination-cidr-block",
            t -> t.routes().stream().map(RouteTable.Route::destinationCidrBlock).toList());

    private DescribeRouteTables() {
    }

    static String answer(Map<String, String> parameters, Collection<RouteTable> tables, String accountId) {
        DescribeRequest<RouteTable> request = DescribeRequest.parse("DescribeRouteTables", "RouteTableId", parameters,
                FILTERS);
        request.ids().stream().filter(id -> tables.stream().noneMatch(t -> t.routeTableId().equals(id))).findFirst()
                .ifPresent(missing -> {
                    throw Ec2Errors.ROUTE_TABLE_ID_NOT_FOUND.error("The routeTable ID '" + missing + "' does not exist");
                });
        DescribeRequest.Page<RouteTable> page = request.page(List.copyOf(tables), RouteTable::routeTableId,
                MIN_RESULTS, MAX_RESULTS);
        Ec2Xml xml = Ec2Xml.document("DescribeRouteTablesResponse")
                .text("requestId", UUID.randomUUID().toString())
                .open("routeTableSet");
        page.items().forEach(table -> item(xml, table, accountId));
        xml.close("routeTableSet").text("nextToken", page.nextToken());
        return xml.close("DescribeRouteTablesResponse").toString();
    }

    /** One {@code RouteTable}: its routes, then one association per subnet and one {@code main} association. */
    private static void item(Ec2Xml xml, RouteTable table, String accountId) {
        xml.open("item")
                .text("routeTableId", table.routeTableId())
                .text("vpcId", table.vpcId())
                .text("ownerId", accountId)
                .open("routeSet");
        for (RouteTable.Route route : table.routes()) {
            xml.open("item")
                    .text("destinationCidrBlock", route.destinationCidrBlock())
                    .text(route.targetMember(), route.target())
                    .text("state", "active")
                    .text("origin", route.origin())
                    .close("item");
        }
        xml.close("routeSet").open("associationSet");
        if (table.main()) {
            association(xml, table, null);
        }
        table.subnetIds().forEach(subnet -> association(xml, table, subnet));
        xml.close("associationSet")
                .open("propagatingVgwSet").close("propagatingVgwSet")
                .open("tagSet").close("tagSet")
                .close("item");
    }

    private static void association(Ec2Xml xml, RouteTable table, String subnetId) {
        long hash = Integer.toUnsignedLong((table.routeTableId() + "|" + subnetId).hashCode());
        xml.open("item")
                .text("routeTableAssociationId", "rtbassoc-" + String.format("%017x", hash))
                .text("routeTableId", table.routeTableId())
                .text("subnetId", subnetId)
                .bool("main", subnetId == null)
                .open("associationState").text("state", "associated").close("associationState")
                .close("item");
    }
}
