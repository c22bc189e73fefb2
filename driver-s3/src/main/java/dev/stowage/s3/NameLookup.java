package dev.stowage.s3;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into addresses. The system's resolver in production; tests substitute one that
 * answers without any network, so a name can be pointed at a refused address safely.
 */
@FunctionalInterface
interface NameLookup {

  NameLookup SYSTEM = InetAddress::getAllByName;

  InetAddress[] lookup(String host) throws UnknownHostException;
}
