-- One database per service: no service ever reads another's.
CREATE DATABASE mediation OWNER fazhi;
CREATE DATABASE disclosure OWNER fazhi;
CREATE DATABASE petition OWNER fazhi;
CREATE DATABASE reporting OWNER fazhi;
