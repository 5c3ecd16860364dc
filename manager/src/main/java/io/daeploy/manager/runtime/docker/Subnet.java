package io.daeploy.manager.runtime.docker;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 address range in CIDR form, e.g. {@code 172.18.0.0/16}. */
record Subnet(int network, int prefixLength) {

    static Subnet parse(String cidr) {
        String[] parts = cidr.split("/");
        int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
        try {
            return new Subnet(toInt(InetAddress.getByName(parts[0])) & mask(prefix), prefix);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an IPv4 subnet: " + cidr, e);
        }
    }

    boolean contains(InetAddress address) {
        return address.getAddress().length == 4 && (toInt(address) & mask(prefixLength)) == network;
    }

    @Override
    public String toString() {
        return ((network >>> 24) & 255) + "." + ((network >>> 16) & 255) + "." + ((network >>> 8) & 255) + "."
                + (network & 255) + "/" + prefixLength;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private static int toInt(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 4) {
            throw new IllegalArgumentException(address + " is not an IPv4 address");
        }
        return ((b[0] & 255) << 24) | ((b[1] & 255) << 16) | ((b[2] & 255) << 8) | (b[3] & 255);
    }
}
